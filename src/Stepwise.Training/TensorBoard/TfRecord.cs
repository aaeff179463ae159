using System.Buffers.Binary;

namespace Stepwise.Training.TensorBoard;

/// <summary>
/// TFRecord framing, the container of TensorBoard event files. One record is
/// <c>uint64 length | uint32 masked_crc32c(length bytes) | data[length] | uint32 masked_crc32c(data)</c>, every integer
/// little-endian; records follow each other with no padding and no file header.
/// </summary>
internal static class TfRecord
{
    /// <summary>Bytes before the data: the length (8) and its masked CRC (4).</summary>
    public const int HeaderBytes = 12;

    /// <summary>Bytes after the data: its masked CRC.</summary>
    public const int FooterBytes = 4;

    /// <summary>The largest record data the reader accepts (64 MiB); a scalar event is about 40 bytes.</summary>
    public const long MaxDataBytes = 64L << 20;

    /// <summary>The framed size of <paramref name="dataLength"/> data bytes.</summary>
    public static int FramedLength(int dataLength) => checked(HeaderBytes + dataLength + FooterBytes);

    /// <summary>Fills in the header and footer around data already written at
    /// <c>record[<see cref="HeaderBytes"/>..]</c>, <paramref name="dataLength"/> bytes long.</summary>
    public static void Frame(Span<byte> record, int dataLength)
    {
        Span<byte> header = record[..HeaderBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)dataLength);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], Crc32C.Masked(header[..8]));
        ReadOnlySpan<byte> data = record.Slice(HeaderBytes, dataLength);
        BinaryPrimitives.WriteUInt32LittleEndian(record[(HeaderBytes + dataLength)..], Crc32C.Masked(data));
    }
}
