using System.Buffers.Binary;

namespace Stepwise.Training.TensorBoard;

/// <summary>
/// Reads TFRecords one at a time from a stream, verifying both CRCs of each. Stops at the end of the stream or at the
/// first record that is torn (the stream ends inside it, as a <c>kill -9</c> mid-write leaves it) or damaged (a CRC
/// does not match); <see cref="Problem"/> then says which, and <see cref="GoodBytes"/> is where the good records end.
/// </summary>
internal sealed class TfRecordReader
{
    private readonly Stream _stream;
    private byte[] _buffer = new byte[256];
    private readonly byte[] _header = new byte[TfRecord.HeaderBytes];

    /// <summary>Reads from the current position of <paramref name="stream"/> (counted as byte 0).</summary>
    public TfRecordReader(Stream stream) => _stream = stream;

    /// <summary>Bytes from the start up to the end of the last good record.</summary>
    public long GoodBytes { get; private set; }

    /// <summary>Offset of the record last returned by <see cref="TryRead"/>.</summary>
    public long RecordOffset { get; private set; }

    /// <summary>After <see cref="TryRead"/> returned false: null at a clean end of the stream, else one line saying
    /// what is wrong at <see cref="GoodBytes"/> (torn or damaged record).</summary>
    public string? Problem { get; private set; }

    /// <summary>The next record's data (valid until the next call), or false at the end or at a bad record.</summary>
    public bool TryRead(out ReadOnlyMemory<byte> data)
    {
        data = default;
        if (Problem is not null) return false;
        long at = GoodBytes;
        int got = ReadFully(_header);
        if (got == 0) return false;
        if (got < TfRecord.HeaderBytes) return Fail($"torn record at byte {at}: {got} of the {TfRecord.HeaderBytes} header bytes");
        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(_header);
        if (BinaryPrimitives.ReadUInt32LittleEndian(_header.AsSpan(8)) != Crc32C.Masked(_header.AsSpan(0, 8)))
            return Fail($"damaged record at byte {at}: the length's CRC does not match");
        if (length > TfRecord.MaxDataBytes) return Fail($"damaged record at byte {at}: length {length} exceeds {TfRecord.MaxDataBytes}");
        int n = (int)length;
        int need = n + TfRecord.FooterBytes;
        if (_buffer.Length < need) _buffer = new byte[Math.Max(need, _buffer.Length * 2)];
        got = ReadFully(_buffer.AsSpan(0, need));
        if (got < need) return Fail($"torn record at byte {at}: {got} of its {need} data and CRC bytes");
        if (BinaryPrimitives.ReadUInt32LittleEndian(_buffer.AsSpan(n)) != Crc32C.Masked(_buffer.AsSpan(0, n)))
            return Fail($"damaged record at byte {at}: the data's CRC does not match");
        RecordOffset = at;
        GoodBytes = at + TfRecord.HeaderBytes + need;
        data = _buffer.AsMemory(0, n);
        return true;
    }

    /// <summary>Marks the record just returned as bad (e.g. its data is not an Event): the good bytes end before it.</summary>
    public void Reject(string problem)
    {
        GoodBytes = RecordOffset;
        Problem = problem;
    }

    private bool Fail(string problem)
    {
        Problem = problem;
        return false;
    }

    private int ReadFully(Span<byte> target)
    {
        int total = 0;
        while (total < target.Length)
        {
            int n = _stream.Read(target[total..]);
            if (n == 0) break;
            total += n;
        }
        return total;
    }
}
