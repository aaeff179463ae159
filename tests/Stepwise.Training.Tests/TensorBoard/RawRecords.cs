using System.Buffers.Binary;

namespace Stepwise.Training.Tests.TensorBoard;

/// <summary>An independent TFRecord splitter for the tests: a bitwise CRC-32C and the mask written out again, so a
/// mistake in the production framing code is not repeated here.</summary>
internal static class RawRecords
{
    public static uint ReferenceCrc32C(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
        }
        return ~crc;
    }

    public static uint ReferenceMasked(ReadOnlySpan<byte> data)
    {
        uint crc = ReferenceCrc32C(data);
        return unchecked(((crc >> 15) | (crc << 17)) + 0xa282ead8u);
    }

    /// <summary>Splits a whole file into record payloads, asserting every length and both CRCs of every record.</summary>
    public static List<(long Offset, byte[] Data)> Split(byte[] file)
    {
        var records = new List<(long, byte[])>();
        int at = 0;
        while (at < file.Length)
        {
            Assert.True(file.Length - at >= 12, $"record at byte {at}: header cut short");
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(at));
            Assert.Equal(ReferenceMasked(file.AsSpan(at, 8)), BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 8)));
            Assert.True((ulong)(file.Length - at - 16) >= length, $"record at byte {at}: data cut short");
            byte[] data = file.AsSpan(at + 12, (int)length).ToArray();
            Assert.Equal(ReferenceMasked(data), BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 12 + (int)length)));
            records.Add((at, data));
            at += 16 + (int)length;
        }
        return records;
    }
}
