using System.Buffers.Binary;
using System.Numerics;

namespace Stepwise.Training.TensorBoard;

/// <summary>
/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78, initial value and final XOR 0xFFFFFFFF), the checksum of
/// TFRecord framing, and TensorFlow's masked form of it. <see cref="BitOperations.Crc32C(uint, ulong)"/> is the
/// accumulation step (the SSE4.2 <c>crc32</c> instruction where the CPU has it, a table otherwise), so no package is
/// needed; <c>System.IO.Hashing.Crc32</c> is the IEEE polynomial, not this one.
/// </summary>
internal static class Crc32C
{
    /// <summary>The constant TensorFlow adds when masking.</summary>
    public const uint MaskDelta = 0xa282ead8;

    /// <summary>The CRC-32C of <paramref name="data"/> (RFC 3720 B.4: 32 zero bytes give 0x8A9136AA).</summary>
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        int i = 0;
        for (; i + 8 <= data.Length; i += 8) crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data[i..]));
        for (; i < data.Length; i++) crc = BitOperations.Crc32C(crc, data[i]);
        return ~crc;
    }

    /// <summary>TensorFlow's mask of a CRC: rotate right by 15 bits, add <see cref="MaskDelta"/> (mod 2³²).</summary>
    public static uint Mask(uint crc) => unchecked(((crc >> 15) | (crc << 17)) + MaskDelta);

    /// <summary>The masked CRC-32C of <paramref name="data"/>, as stored in a TFRecord.</summary>
    public static uint Masked(ReadOnlySpan<byte> data) => Mask(Compute(data));
}
