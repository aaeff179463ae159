namespace Stepwise.Training.Checkpoints;

/// <summary>
/// The element types Stepwise writes into safetensors files. The names are the safetensors header spellings
/// (<c>"F32"</c>, <c>"F64"</c>, …); every value is stored little-endian.
/// </summary>
public enum SafeTensorsDType
{
    /// <summary>IEEE 754 binary32 (<c>float</c>), 4 bytes; numpy <c>float32</c>.</summary>
    F32,

    /// <summary>IEEE 754 binary64 (<c>double</c>), 8 bytes; numpy <c>float64</c>.</summary>
    F64,

    /// <summary>Signed 32-bit integer, 4 bytes; numpy <c>int32</c>.</summary>
    I32,

    /// <summary>Signed 64-bit integer, 8 bytes; numpy <c>int64</c>.</summary>
    I64,

    /// <summary>Unsigned byte, 1 byte; numpy <c>uint8</c>.</summary>
    U8,

    /// <summary>Unsigned 64-bit integer, 8 bytes; numpy <c>uint64</c>.</summary>
    U64,
}
