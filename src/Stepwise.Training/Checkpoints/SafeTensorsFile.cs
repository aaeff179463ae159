namespace Stepwise.Training.Checkpoints;

/// <summary>
/// A parsed, validated safetensors file (from <see cref="SafeTensors.Read"/>): its tensors in ordinal order of name
/// and its metadata. Immutable; the tensor data are owned copies.
/// </summary>
public sealed class SafeTensorsFile
{
    private readonly Dictionary<string, TensorEntry> _byName;

    internal SafeTensorsFile(IReadOnlyList<TensorEntry> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        Tensors = tensors;
        Metadata = metadata;
        _byName = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    /// <summary>The tensors, in ordinal order of name.</summary>
    public IReadOnlyList<TensorEntry> Tensors { get; }

    /// <summary>The <c>"__metadata__"</c> map; empty when the file has none.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The tensor named <paramref name="name"/>.</summary>
    /// <exception cref="CheckpointFormatException">The file has no such tensor.</exception>
    public TensorEntry this[string name] =>
        _byName.TryGetValue(name, out var t) ? t : throw new CheckpointFormatException($"safetensors: no tensor '{name}'");

    /// <summary>Whether the file holds a tensor named <paramref name="name"/>.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>The values of an <see cref="SafeTensorsDType.F32"/> tensor, row-major.</summary>
    /// <exception cref="CheckpointFormatException">No such tensor, or it has another dtype.</exception>
    public float[] ReadF32(string name)
 => LittleEndian.Values<float>(Data(name, SafeTensorsDType.F32));

    /// <summary>The values of an <see cref="SafeTensorsDType.F64"/> tensor, row-major.</summary>
    /// <exception cref="CheckpointFormatException">No such tensor, or it has another dtype.</exception>
    public double[] ReadF64(string name)
 => LittleEndian.Values<double>(Data(name, SafeTensorsDType.F64));

    /// <summary>The values of an <see cref="SafeTensorsDType.I32"/> tensor, row-major.</summary>
    /// <exception cref="CheckpointFormatException">No such tensor, or it has another dtype.</exception>
    public int[] ReadI32(string name)
 => LittleEndian.Values<int>(Data(name, SafeTensorsDType.I32));

    /// <summary>The values of an <see cref="SafeTensorsDType.I64"/> tensor, row-major.</summary>
    /// <exception cref="CheckpointFormatException">No such tensor, or it has another dtype.</exception>
    public long[] ReadI64(string name)
 => LittleEndian.Values<long>(Data(name, SafeTensorsDType.I64));

    /// <summary>The values of an <see cref="SafeTensorsDType.U64"/> tensor, row-major.</summary>
    /// <exception cref="CheckpointFormatException">No such tensor, or it has another dtype.</exception>
    public ulong[] ReadU64(string name)
 => LittleEndian.Values<ulong>(Data(name, SafeTensorsDType.U64));

    /// <summary>The values of a <see cref="SafeTensorsDType.U8"/> tensor, row-major.</summary>
    /// <exception cref="CheckpointFormatException">No such tensor, or it has another dtype.</exception>
    public byte[] ReadU8(string name) => Data(name, SafeTensorsDType.U8).ToArray();

    private ReadOnlySpan<byte> Data(string name, SafeTensorsDType expected)
    {
        var t = this[name];
        if (t.DType != expected)
            throw new CheckpointFormatException($"safetensors: tensor '{name}' is {SafeTensorsDTypes.Name(t.DType)}, expected {SafeTensorsDTypes.Name(expected)}");
        return t.Data.Span;
    }
}
