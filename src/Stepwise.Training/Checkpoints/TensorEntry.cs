namespace Stepwise.Training.Checkpoints;

/// <summary>
/// One named tensor of a safetensors file: element type, shape (row-major, empty for a scalar) and its raw
/// little-endian bytes (element count × element size bytes). Build one with the helpers on <see cref="SafeTensors"/>
/// (<see cref="SafeTensors.F32"/>, …) to get the byte order right.
/// </summary>
/// <param name="Name">The tensor's name, e.g. <c>"l0.weight"</c>; unique within a file, not <c>"__metadata__"</c>.</param>
/// <param name="DType">The element type.</param>
/// <param name="Shape">The dimensions, each ≥ 0; empty for a scalar (one element).</param>
/// <param name="Data">The raw little-endian element bytes.</param>
public sealed record TensorEntry(string Name, SafeTensorsDType DType, long[] Shape, ReadOnlyMemory<byte> Data);
