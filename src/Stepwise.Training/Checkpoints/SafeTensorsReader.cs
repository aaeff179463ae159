using System.Buffers.Binary;
using System.Text.Json;

namespace Stepwise.Training.Checkpoints;

/// <summary>The validating parser behind <see cref="SafeTensors.Read"/>.</summary>
internal static class SafeTensorsReader
{
    private sealed record Raw(string Name, SafeTensorsDType DType, long[] Shape, long Begin, long End);

    public static SafeTensorsFile Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 8)
            throw Fail($"file has {bytes.Length} bytes, shorter than the 8-byte header length");
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (n > SafeTensors.MaxHeaderBytes)
            throw Fail($"header length {n} exceeds the {SafeTensors.MaxHeaderBytes}-byte limit");
        if (n > (ulong)(bytes.Length - 8))
            throw Fail($"header length {n} exceeds the {bytes.Length - 8} bytes after the length field (truncated?)");
        if (n < 2) throw Fail($"header length {n} is too short for a JSON object");
        var header = bytes.Slice(8, (int)n);
        if (header[0] != (byte)'{') throw Fail("header does not start with '{'");
        var data = bytes[(8 + (int)n)..];

        var (raws, metadata) = ParseHeader(header);
        CheckLayout(raws, data.Length);

        byte[] copy = data.ToArray();
        var entries = raws
            .OrderBy(r => r.Name, StringComparer.Ordinal)
            .Select(r => new TensorEntry(r.Name, r.DType, r.Shape, copy.AsMemory((int)r.Begin, (int)(r.End - r.Begin))))
            .ToArray();
        return new SafeTensorsFile(entries, metadata);
    }

    private static (List<Raw>, Dictionary<string, string>) ParseHeader(ReadOnlySpan<byte> header)
    {
        // JsonDocument checks UTF-8 inside strings only when they are read, so check it all first.
        if (!System.Text.Unicode.Utf8.IsValid(header)) throw Fail("header is not valid UTF-8");
        JsonDocument doc;
        try
        {
            // Utf8JsonReader over a copy: JsonDocument needs memory, and the header is small.
            doc = JsonDocument.Parse(header.ToArray(), new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw Fail($"header is not valid JSON: {e.Message}");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw Fail("header is not a JSON object");
            var raws = new List<Raw>();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (!seen.Add(p.Name)) throw Fail($"header names '{p.Name}' twice");
                if (p.Name == SafeTensors.MetadataKey) ReadMetadata(p.Value, metadata);
                else raws.Add(ReadTensor(p.Name, p.Value));
            }
            return (raws, metadata);
        }
    }

    private static void ReadMetadata(JsonElement e, Dictionary<string, string> metadata)
    {
        if (e.ValueKind != JsonValueKind.Object) throw Fail($"'{SafeTensors.MetadataKey}' is not an object");
        foreach (var p in e.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.String) throw Fail($"metadata '{p.Name}' is not a string");
            if (!metadata.TryAdd(p.Name, p.Value.GetString()!)) throw Fail($"metadata names '{p.Name}' twice");
        }
    }

    private static Raw ReadTensor(string name, JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object) throw Fail($"tensor '{name}' is not an object");
        if (!e.TryGetProperty("dtype", out var dt) || dt.ValueKind != JsonValueKind.String)
            throw Fail($"tensor '{name}' has no dtype");
        if (!SafeTensorsDTypes.TryParse(dt.GetString(), out var dtype))
            throw Fail($"tensor '{name}' has unknown dtype '{dt.GetString()}'");
        long[] shape = ReadLongs(name, e, "shape", null);
        long[] offsets = ReadLongs(name, e, "data_offsets", 2);
        if (offsets[0] > offsets[1])
            throw Fail($"tensor '{name}' data_offsets [{offsets[0]},{offsets[1]}] end before they begin");
        if (!SafeTensorsDTypes.TryByteCount(dtype, shape, out long bytes))
            throw Fail($"tensor '{name}' shape {SafeTensorsDTypes.FormatShape(shape)} is too large");
        if (bytes != offsets[1] - offsets[0])
            throw Fail($"tensor '{name}' {SafeTensorsDTypes.Name(dtype)} shape {SafeTensorsDTypes.FormatShape(shape)} needs {bytes} bytes, data_offsets [{offsets[0]},{offsets[1]}] hold {offsets[1] - offsets[0]}");
        return new Raw(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static long[] ReadLongs(string name, JsonElement e, string key, int? length)
    {
        if (!e.TryGetProperty(key, out var a) || a.ValueKind != JsonValueKind.Array)
            throw Fail($"tensor '{name}' has no {key} array");
        var result = new List<long>();
        foreach (var v in a.EnumerateArray())
        {
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out long x) || x < 0)
                throw Fail($"tensor '{name}' {key} holds {v.GetRawText()}, not a non-negative integer");
            result.Add(x);
        }
        if (length is int len && result.Count != len)
            throw Fail($"tensor '{name}' {key} has {result.Count} entries, not {len}");
        return result.ToArray();
    }

    /// <summary>The tensors must tile the data section exactly: sorted by offset, no overlap, no gap, no slack.</summary>
    private static void CheckLayout(List<Raw> raws, int dataLength)
    {
        var byOffset = raws.OrderBy(r => r.Begin).ThenBy(r => r.End).ToList();
        long at = 0;
        Raw? previous = null;
        foreach (var r in byOffset)
        {
            if (r.Begin < at)
                throw Fail($"tensor '{r.Name}' data_offsets [{r.Begin},{r.End}] overlap tensor '{previous!.Name}' [{previous.Begin},{previous.End}]");
            if (r.Begin > at)
                throw Fail($"tensor '{r.Name}' data_offsets [{r.Begin},{r.End}] leave a gap after byte {at}");
            at = r.End;
            previous = r;
        }
        if (at > dataLength)
            throw Fail($"tensors need {at} data bytes, the file holds {dataLength} (truncated?)");
        if (at < dataLength)
            throw Fail($"data section has {dataLength} bytes, the tensors cover {at}");
    }

    private static CheckpointFormatException Fail(string reason) =>
        new("safetensors: " + reason);
}
