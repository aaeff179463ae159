using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Stepwise.Training.Checkpoints;
using Xunit.Abstractions;

namespace Stepwise.Training.Tests.Checkpoints;

/// <summary>Interop with numpy: Python parses our files by hand (length, JSON, np.frombuffer) and writes one we read.</summary>
public class SafeTensorsNumpyTests(ITestOutputHelper output)
{
    private const string Python = "/usr/bin/python3";

    // Reads a safetensors file with the standard library and numpy only, checks the layout rules, and prints
    // {name: {dtype, shape, values}} as JSON (floats via repr, so they round-trip exactly).
    private const string ReadScript = """
        import json, struct, sys
        import numpy as np
        raw = open(sys.argv[1], 'rb').read()
        (n,) = struct.unpack('<Q', raw[:8])
        assert (8 + n) % 8 == 0, 'data section not 8-byte aligned'
        header = json.loads(raw[8:8 + n].decode('utf-8'))
        data = raw[8 + n:]
        dtypes = {'F32': '<f4', 'F64': '<f8', 'I32': '<i4', 'I64': '<i8', 'U8': 'u1', 'U64': '<u8'}
        out = {'__metadata__': header.pop('__metadata__', {})}
        for name, t in header.items():
            b, e = t['data_offsets']
            a = np.frombuffer(data[b:e], dtype=np.dtype(dtypes[t['dtype']])).reshape(t['shape'])
            vals = [repr(float(x)) if t['dtype'] in ('F32', 'F64') else str(int(x)) for x in a.ravel()]
            out[name] = {'dtype': t['dtype'], 'shape': list(a.shape), 'values': vals}
        print(json.dumps(out))
        """;

    // Writes a safetensors file from numpy arrays, laid out by hand (as Python safetensors would).
    private const string WriteScript = """
        import json, struct, sys
        import numpy as np
        arrays = {'w': np.arange(6, dtype='<f4').reshape(2, 3) / 4, 'steps': np.array([3, -1], dtype='<i8'),
                  'big': np.array([2**64 - 1], dtype='<u8'), 'd': np.array(np.pi, dtype='<f8')}
        header, blobs, at = {'__metadata__': {'format': 'np'}}, [], 0
        for name in ['big', 'd', 'steps', 'w']:
            b = arrays[name].tobytes()
            header[name] = {'dtype': {'<f4': 'F32', '<i8': 'I64', '<u8': 'U64', '<f8': 'F64'}[arrays[name].dtype.str],
                            'shape': list(arrays[name].shape), 'data_offsets': [at, at + len(b)]}
            blobs.append(b); at += len(b)
        h = json.dumps(header).encode('utf-8')
        h += b' ' * (-len(h) % 8)
        open(sys.argv[1], 'wb').write(struct.pack('<Q', len(h)) + h + b''.join(blobs))
        """;

    [Fact]
    public void Numpy_reads_what_we_write_value_for_value()
    {
        if (!PythonWithNumpy(out string why)) { output.WriteLine("skipped: " + why); return; }
        using var dir = new TempDirectory();
        var c = SafeTensorsGenerators.Build(seed: 12345, count: 7, metaCount: 2);
        TensorEntry[] tensors = [.. c.Tensors.Where(t => t.DType is not (SafeTensorsDType.F32 or SafeTensorsDType.F64)),
            SafeTensors.F32("f32.vals", [1.5f, -0f, float.Epsilon, float.MaxValue, 0.1f, -3e-38f], 2, 3),
            SafeTensors.F64("f64.vals", [Math.PI, -1e-300, double.MaxValue, 0.1]),
            SafeTensors.I64("i64.vals", [long.MinValue, -1, long.MaxValue]),
            SafeTensors.U64("u64.vals", [ulong.MaxValue, 0]),
            SafeTensors.I32("i32.vals", [int.MinValue, int.MaxValue], 1, 2),
            SafeTensors.U8("u8.vals", [0, 200, 255])];
        string path = dir.Sub("t.safetensors");
        System.IO.File.WriteAllBytes(path, SafeTensors.Serialize(tensors, c.Metadata));

        using var doc = JsonDocument.Parse(RunPython(ReadScript, path));
        var root = doc.RootElement;
        Assert.Equal(c.Metadata.OrderBy(k => k.Key), root.GetProperty("__metadata__").EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetString()!)).OrderBy(k => k.Key));
        var file = SafeTensors.Read(System.IO.File.ReadAllBytes(path));
        Assert.Equal(tensors.Length + 1, root.EnumerateObject().Count());
        foreach (var t in file.Tensors)
        {
            var py = root.GetProperty(t.Name);
            Assert.Equal(t.DType.ToString(), py.GetProperty("dtype").GetString());
            Assert.Equal(t.Shape, py.GetProperty("shape").EnumerateArray().Select(x => x.GetInt64()));
            string[] values = py.GetProperty("values").EnumerateArray().Select(x => x.GetString()!).ToArray();
            Assert.Equal(Expected(file, t), values.Select(v => Normalize(t.DType, v)));
        }
    }

    [Fact]
    public void We_read_what_numpy_writes()
    {
        if (!PythonWithNumpy(out string why)) { output.WriteLine("skipped: " + why); return; }
        using var dir = new TempDirectory();
        string path = dir.Sub("np.safetensors");
        RunPython(WriteScript, path);
        var file = SafeTensors.Read(System.IO.File.ReadAllBytes(path));
        Assert.Equal("np", file.Metadata["format"]);
        Assert.Equal([0f, 0.25f, 0.5f, 0.75f, 1f, 1.25f], file.ReadF32("w"));
        Assert.Equal([2L, 3L], file["w"].Shape);
        Assert.Equal([3L, -1L], file.ReadI64("steps"));
        Assert.Equal([ulong.MaxValue], file.ReadU64("big"));
        Assert.Equal([Math.PI], file.ReadF64("d"));
        Assert.Empty(file["d"].Shape);
    }

    private static IEnumerable<string> Expected(SafeTensorsFile file, TensorEntry t) => t.DType switch
    {
        SafeTensorsDType.F32 => file.ReadF32(t.Name).Select(v => ((double)v).ToString("R", CultureInfo.InvariantCulture)),
        SafeTensorsDType.F64 => file.ReadF64(t.Name).Select(v => v.ToString("R", CultureInfo.InvariantCulture)),
        SafeTensorsDType.I32 => file.ReadI32(t.Name).Select(v => v.ToString(CultureInfo.InvariantCulture)),
        SafeTensorsDType.I64 => file.ReadI64(t.Name).Select(v => v.ToString(CultureInfo.InvariantCulture)),
        SafeTensorsDType.U64 => file.ReadU64(t.Name).Select(v => v.ToString(CultureInfo.InvariantCulture)),
        SafeTensorsDType.U8 => file.ReadU8(t.Name).Select(v => v.ToString(CultureInfo.InvariantCulture)),
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    /// <summary>Python repr of a float → the same double, formatted the .NET way.</summary>
    private static string Normalize(SafeTensorsDType dtype, string v) =>
        dtype is SafeTensorsDType.F32 or SafeTensorsDType.F64
            ? double.Parse(v, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture)
            : v;

    private static bool PythonWithNumpy(out string why)
    {
        why = "";
        if (!System.IO.File.Exists(Python)) { why = $"{Python} not found"; return false; }
        try
        {
            var (code, _, err) = Run("-c \"import numpy\"");
            if (code != 0) { why = $"numpy not importable by {Python}: {err.Trim()}"; return false; }
        }
        catch (System.ComponentModel.Win32Exception e) { why = $"cannot start {Python}: {e.Message}"; return false; }
        return true;
    }

    private static string RunPython(string script, string path)
    {
        string file = path + ".py";
        System.IO.File.WriteAllText(file, script);
        var (code, stdout, stderr) = Run($"\"{file}\" \"{path}\"");
        Assert.True(code == 0, $"python failed ({code}): {stderr}");
        return stdout;
    }

    private static (int Code, string Stdout, string Stderr) Run(string arguments)
    {
        var psi = new ProcessStartInfo(Python, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout, stderr.Result);
    }
}
