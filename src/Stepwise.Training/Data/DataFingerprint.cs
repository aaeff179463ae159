using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Stepwise.Training.Data;

/// <summary>
/// SHA-256 over a versioned, platform-independent encoding of loaded data: a tag, then per split (in
/// <see cref="LoadedData.SplitNames"/> order) its name, shape, source rows and content, numbers little-endian
/// (float32 bit patterns, int32), plus the vocabulary for sequences, and the class names of a CSV whose labels are
/// names (written only then, so the fingerprint of every file that loaded before class names existed is unchanged).
/// Names of files and datasets are not included.
/// </summary>
internal static class DataFingerprint
{
    private const string Tag = "stepwise.data.fingerprint/1";

    public static string Compute(LoadedData data)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var w = new Writer(hash);
        w.Text(Tag);
        w.Text(data.Tabular is not null ? "tabular" : "sequences");
        if (data.Vocabulary is { } vocab)
        {
            w.Text(vocab.Kind);
            w.Int(vocab.Size);
            foreach (var r in vocab.Characters) w.Int(r.Value);
        }
        if (data.Source == "csv" && data.ClassNames is { } classes)
        {
            w.Text("class_names");
            w.Int(classes.Count);
            foreach (string c in classes) w.Text(c);
        }
        foreach (string name in data.SplitNames)
        {
            w.Text(name);
            w.Ints(data.SourceRows[name]);
            if (data.Tabular is { } tab)
            {
                var d = tab[name];
                w.Int(d.Count);
                w.Int(d.Features);
                w.Int(d.Classes);
                w.Floats(d.X);
                w.Ints(d.Y);
            }
            else
            {
                var d = data.Sequences![name];
                w.Int(d.Count);
                w.Int(d.Context);
                w.Ints(d.Inputs);
                w.Ints(d.Targets);
            }
        }
        w.Flush();
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private sealed class Writer(IncrementalHash hash)
    {
        private readonly byte[] _buffer = new byte[1 << 16];
        private int _used;

        public void Text(string s)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(s);
            Int(bytes.Length);
            Flush();
            hash.AppendData(bytes);
        }

        public void Int(int v)
        {
            if (_used + 4 > _buffer.Length) Flush();
            BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_used), v);
            _used += 4;
        }

        public void Ints(IReadOnlyList<int> values)
        {
            Int(values.Count);
            for (int i = 0; i < values.Count; i++) Int(values[i]);
        }

        public void Floats(float[] values)
        {
            Int(values.Length);
            foreach (float v in values) Int(BitConverter.SingleToInt32Bits(v));
        }

        public void Flush()
        {
            hash.AppendData(_buffer, 0, _used);
            _used = 0;
        }
    }
}
