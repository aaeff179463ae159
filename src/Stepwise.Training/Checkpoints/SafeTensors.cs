using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;

namespace Stepwise.Training.Checkpoints;

/// <summary>
/// Reads and writes the safetensors format (the Hugging Face <c>safetensors</c> layout, readable with Python
/// <c>safetensors</c> or with numpy alone): an 8-byte little-endian unsigned header length N, N bytes of UTF-8 JSON,
/// then the raw tensor data.
/// </summary>
/// <remarks>
/// <para>The bytes written depend only on the tensors and metadata, never on the input order or the clock:
/// <c>"__metadata__"</c> (when non-empty) comes first with its keys in ordinal order, then the tensors in ordinal
/// order of name; the data section holds the tensors in that same order with no gaps, so <c>data_offsets</c>
/// (<c>[begin, end)</c>, relative to the start of the data section) are ascending; the JSON has no whitespace
/// and is padded with spaces so that N is a multiple of 8 (the data section then starts 8-byte aligned).</para>
/// <para>The typed helpers (<see cref="F32"/>, …) make a one-dimensional tensor when the shape is omitted; for a
/// scalar write <c>SafeTensors.I64("step", [7L]) with { Shape = [] }</c>.</para>
/// <para>See <c>docs/checkpoints.md</c> for a worked byte layout.</para>
/// </remarks>
public static class SafeTensors
{
    /// <summary>The largest header the reader accepts, in bytes (the limit of the reference implementation).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    /// <summary>The reserved header key of the string-to-string metadata map.</summary>
    public const string MetadataKey = "__metadata__";

    /// <summary>Serializes <paramref name="tensors"/> (any order) and optional <paramref name="metadata"/> into one buffer.</summary>
    /// <exception cref="ArgumentException">A name is empty, duplicated or <c>"__metadata__"</c>, a dimension is
    /// negative, or a tensor's data length is not element count × element size.</exception>
    public static byte[] Serialize(IReadOnlyList<TensorEntry> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var (header, sorted) = BuildHeader(tensors, metadata);
        long total = checked(8L + header.Length + sorted.Sum(t => (long)t.Data.Length));
        if (total > Array.MaxLength) throw new ArgumentException($"safetensors file of {total} bytes is too large for one buffer; use Write", nameof(tensors));
        var result = new byte[total];
        BinaryPrimitives.WriteUInt64LittleEndian(result, (ulong)header.Length);
        header.CopyTo(result, 8);
        int at = 8 + header.Length;
        foreach (var t in sorted)
        {
            t.Data.Span.CopyTo(result.AsSpan(at));
            at += t.Data.Length;
        }
        return result;
    }

    /// <summary>Writes the same bytes as <see cref="Serialize"/> to <paramref name="s"/> (does not flush or close it).</summary>
    /// <exception cref="ArgumentException">As for <see cref="Serialize"/>.</exception>
    /// <exception cref="IOException">The stream fails.</exception>
    public static void Write(Stream s, IReadOnlyList<TensorEntry> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(s);
        var (header, sorted) = BuildHeader(tensors, metadata);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        s.Write(length);
        s.Write(header);
        foreach (var t in sorted) s.Write(t.Data.Span);
    }

    /// <summary>Parses and fully validates a safetensors file held in memory; the tensors' data is copied out.</summary>
    /// <exception cref="CheckpointFormatException">The bytes are not a valid safetensors file; the message is one
    /// line naming what is wrong (truncated, bad header length, invalid JSON, unknown dtype, shape/size mismatch,
    /// overlapping or gapped offsets, …).</exception>
    public static SafeTensorsFile Read(ReadOnlySpan<byte> bytes) => SafeTensorsReader.Read(bytes);

    /// <summary>A <see cref="SafeTensorsDType.F32"/> tensor; <paramref name="shape"/> omitted means one-dimensional.</summary>
    /// <exception cref="ArgumentException">The shape's element count is not <c>values.Length</c>.</exception>
    public static TensorEntry F32(string name, ReadOnlySpan<float> values, params long[] shape) =>
        Entry(name, SafeTensorsDType.F32, values.Length, shape, LittleEndian.Bytes(values));

    /// <summary>A <see cref="SafeTensorsDType.F64"/> tensor; <paramref name="shape"/> omitted means one-dimensional.</summary>
    /// <exception cref="ArgumentException">The shape's element count is not <c>values.Length</c>.</exception>
    public static TensorEntry F64(string name, ReadOnlySpan<double> values, params long[] shape) =>
        Entry(name, SafeTensorsDType.F64, values.Length, shape, LittleEndian.Bytes(values));

    /// <summary>A <see cref="SafeTensorsDType.I32"/> tensor; <paramref name="shape"/> omitted means one-dimensional.</summary>
    /// <exception cref="ArgumentException">The shape's element count is not <c>values.Length</c>.</exception>
    public static TensorEntry I32(string name, ReadOnlySpan<int> values, params long[] shape) =>
        Entry(name, SafeTensorsDType.I32, values.Length, shape, LittleEndian.Bytes(values));

    /// <summary>A <see cref="SafeTensorsDType.I64"/> tensor; <paramref name="shape"/> omitted means one-dimensional.</summary>
    /// <exception cref="ArgumentException">The shape's element count is not <c>values.Length</c>.</exception>
    public static TensorEntry I64(string name, ReadOnlySpan<long> values, params long[] shape) =>
        Entry(name, SafeTensorsDType.I64, values.Length, shape, LittleEndian.Bytes(values));

    /// <summary>A <see cref="SafeTensorsDType.U64"/> tensor; <paramref name="shape"/> omitted means one-dimensional.</summary>
    /// <exception cref="ArgumentException">The shape's element count is not <c>values.Length</c>.</exception>
    public static TensorEntry U64(string name, ReadOnlySpan<ulong> values, params long[] shape) =>
        Entry(name, SafeTensorsDType.U64, values.Length, shape, LittleEndian.Bytes(values));

    /// <summary>A <see cref="SafeTensorsDType.U8"/> tensor; <paramref name="shape"/> omitted means one-dimensional.</summary>
    /// <exception cref="ArgumentException">The shape's element count is not <c>values.Length</c>.</exception>
    public static TensorEntry U8(string name, ReadOnlySpan<byte> values, params long[] shape) =>
        Entry(name, SafeTensorsDType.U8, values.Length, shape, values.ToArray());

    private static TensorEntry Entry(string name, SafeTensorsDType dtype, int count, long[]? shape, byte[] data)
    {
        long[] s = shape is null || shape.Length == 0 ? [count] : (long[])shape.Clone();
        if (!SafeTensorsDTypes.TryElementCount(s, out long n) || n != count)
            throw new ArgumentException($"tensor '{name}': shape {SafeTensorsDTypes.FormatShape(s)} does not hold {count} values", nameof(shape));
        return new TensorEntry(name, dtype, s, data);
    }

    private static (byte[] Header, TensorEntry[] Sorted) BuildHeader(IReadOnlyList<TensorEntry> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var sorted = tensors.ToArray();
        foreach (var t in sorted) Check(t);
        Array.Sort(sorted, (a, b) => string.CompareOrdinal(a.Name, b.Name));
        for (int i = 1; i < sorted.Length; i++)
            if (sorted[i].Name == sorted[i - 1].Name) throw new ArgumentException($"duplicate tensor name '{sorted[i].Name}'", nameof(tensors));

        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                w.WriteStartObject(MetadataKey);
                foreach (var kv in metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                    w.WriteString(kv.Key, kv.Value ?? throw new ArgumentException($"metadata '{kv.Key}' is null", nameof(metadata)));
                w.WriteEndObject();
            }
            long offset = 0;
            foreach (var t in sorted)
            {
                w.WriteStartObject(t.Name);
                w.WriteString("dtype", SafeTensorsDTypes.Name(t.DType));
                w.WriteStartArray("shape");
                foreach (long d in t.Shape) w.WriteNumberValue(d);
                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(offset);
                offset = checked(offset + t.Data.Length);
                w.WriteNumberValue(offset);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        int padded = checked((buffer.WrittenCount + 7) / 8 * 8);
        var header = new byte[padded];
        buffer.WrittenSpan.CopyTo(header);
        header.AsSpan(buffer.WrittenCount).Fill((byte)' ');
        return (header, sorted);
    }

    private static void Check(TensorEntry t)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (string.IsNullOrEmpty(t.Name)) throw new ArgumentException("tensor name is empty", nameof(t));
        if (t.Name == MetadataKey) throw new ArgumentException($"tensor name '{MetadataKey}' is reserved", nameof(t));
        ArgumentNullException.ThrowIfNull(t.Shape);
        if (!SafeTensorsDTypes.TryByteCount(t.DType, t.Shape, out long bytes))
            throw new ArgumentException($"tensor '{t.Name}': shape {SafeTensorsDTypes.FormatShape(t.Shape)} is invalid", nameof(t));
        if (bytes != t.Data.Length)
            throw new ArgumentException($"tensor '{t.Name}': {SafeTensorsDTypes.Name(t.DType)} shape {SafeTensorsDTypes.FormatShape(t.Shape)} needs {bytes} bytes, data has {t.Data.Length}", nameof(t));
    }
}
