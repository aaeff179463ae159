using System.Security.Cryptography;
using System.Text;

namespace Stepwise.Training.Metrics;

/// <summary>
/// An append-only text file of whole lines (<c>metrics.jsonl</c>, <c>metrics.csv</c>) with a running SHA-256 chain of
/// everything written (<see cref="LogPosition"/>), so <see cref="Position"/> costs nothing and never re-reads the file,
/// and a resume checks and continues it by reading at most one block, however long the run. Lines are buffered in
/// memory and reach the file on <see cref="Flush"/>; flushing only appends, so the file's bytes never depend on when
/// it happened. One writer per file (the run folder's lock guarantees it).
/// </summary>
public sealed class AppendLog : IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(false);
    private readonly FileStream _file;
    private readonly int _block;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256); // SHA-256(H_k ‖ tail)
    private readonly byte[] _chain = new byte[32];   // H_k: the chain over the complete blocks
    private byte[] _buffer = new byte[1 << 16];
    private int _used;
    private long _bytes, _lines;

    private AppendLog(string path, FileStream file, int block)
    {
        FilePath = path;
        _file = file;
        _block = block;
        _hash.AppendData(_chain);
    }

    /// <summary>The file.</summary>
    public string FilePath { get; }

    /// <summary>Bytes, hash chain and lines written so far (buffered lines included).</summary>
    public LogPosition Position => new(_bytes, Convert.ToHexStringLower(_hash.GetCurrentHash()), _lines, Convert.ToHexStringLower(_chain), _block);

    /// <summary>Bytes in the buffer, not yet in the file.</summary>
    public int Pending => _used;

    /// <summary>A new, empty file at <paramref name="path"/> (an existing one is replaced).</summary>
    public static AppendLog Create(string path) => Create(path, LogPosition.DefaultBlockBytes);

    /// <summary>A new, empty file chained in blocks of <paramref name="blockBytes"/> (tests use small blocks).</summary>
    internal static AppendLog Create(string path, int blockBytes) =>
        blockBytes >= 1 ? new(path, Open(path, FileMode.Create), blockBytes) : throw new ArgumentOutOfRangeException(nameof(blockBytes), blockBytes, "a block is 1 byte or more");

    /// <summary>
    /// Continues the file at <paramref name="path"/> from <paramref name="at"/>: when its bytes from the last block
    /// boundary at or before <see cref="LogPosition.Bytes"/> up to it, chained onto <see cref="LogPosition.Chain"/>, hash to
    /// <see cref="LogPosition.Sha256"/> (one read of at most one block), the rest (rows a stopped or killed run wrote after
    /// that point, a torn last line) is cut and writing continues there; otherwise the file is replaced by
    /// <paramref name="rebuild"/>'s lines and <paramref name="mismatch"/> receives why (null: the prefix matched). The
    /// complete blocks before the boundary are not re-read: a file edited inside them is not noticed here.
    /// </summary>
    public static AppendLog Continue(string path, LogPosition at, Func<IEnumerable<string>> rebuild, out string? mismatch)
    {
        ArgumentNullException.ThrowIfNull(at);
        ArgumentNullException.ThrowIfNull(rebuild);
        mismatch = null;
        int block = at.BlockBytes >= 1 ? at.BlockBytes : LogPosition.DefaultBlockBytes;
        if (File.Exists(path))
        {
            var file = Open(path, FileMode.Open);
            var log = new AppendLog(path, file, block);
            if (at.BlockBytes < 1) mismatch = $"has no usable record of its position (block size {at.BlockBytes})";
            else if (file.Length < at.Bytes) mismatch = $"is shorter than recorded ({file.Length:N0} of {at.Bytes:N0} bytes)";
            else if (!log.HashTail(at) || Convert.ToHexStringLower(log._hash.GetCurrentHash()) != at.Sha256)
                mismatch = $"does not hold the {at.Bytes:N0} bytes recorded (edited or replaced)";
            if (mismatch is null)
            {
                file.SetLength(at.Bytes);
                file.Position = at.Bytes;
                log._bytes = at.Bytes;
                log._lines = at.Lines;
                return log;
            }
            log.Dispose();
        }
        else if (at.Bytes > 0)
        {
            mismatch = "is missing";
        }
        var fresh = Create(path, block);
        foreach (string line in rebuild()) fresh.AppendLine(line);
        return fresh;
    }

    /// <summary>Appends <paramref name="line"/> and a newline (buffered).</summary>
    public void AppendLine(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        int need = Utf8.GetMaxByteCount(line.Length) + 1;
        if (_used + need > _buffer.Length)
        {
            Flush();
            if (need > _buffer.Length) _buffer = new byte[need];
        }
        int n = Utf8.GetBytes(line, 0, line.Length, _buffer, _used);
        _buffer[_used + n] = (byte)'\n';
        Chain(_buffer.AsSpan(_used, n + 1));
        _used += n + 1;
        _lines++;
    }

    /// <summary>Writes the buffered lines to the file; with <paramref name="durable"/>, also to the disk (fsync).</summary>
    public void Flush(bool durable = false)
    {
        if (_used > 0)
        {
            _file.Write(_buffer, 0, _used);
            _used = 0;
        }
        _file.Flush(durable);
    }

    /// <summary>Flushes and closes the file.</summary>
    public void Dispose()
    {
        try { Flush(); }
        finally
        {
            _file.Dispose();
            _hash.Dispose();
        }
    }

    /// <summary>Adds bytes written at offset <see cref="_bytes"/> to the chain: H_{k+1} = SHA-256(H_k ‖ block k) at each
    /// block boundary they reach, the running hash SHA-256(H_k ‖ tail) in between.</summary>
    private void Chain(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            int room = (int)(_block - _bytes % _block);
            int n = Math.Min(room, data.Length);
            _hash.AppendData(data[..n]);
            _bytes += n;
            data = data[n..];
            if (n == room)
            {
                _hash.GetHashAndReset(_chain);
                _hash.AppendData(_chain);
            }
        }
    }

    /// <summary>Starts the chain at <paramref name="at"/>'s last complete block and hashes the file's bytes from that
    /// boundary up to <see cref="LogPosition.Bytes"/>; false when the file ended early or the recorded chain is malformed.</summary>
    private bool HashTail(LogPosition at)
    {
        long boundary = at.Bytes - at.Bytes % at.BlockBytes;
        byte[] chain;
        try { chain = Convert.FromHexString(at.Chain); }
        catch (FormatException) { return false; }
        if (chain.Length != 32) return false;
        chain.CopyTo(_chain, 0);
        _hash.GetHashAndReset();
        _hash.AppendData(_chain);
        _file.Position = boundary;
        var buf = new byte[1 << 16];
        long left = at.Bytes - boundary;
        while (left > 0)
        {
            int n = _file.Read(buf, 0, (int)Math.Min(buf.Length, left));
            if (n == 0) return false;
            _hash.AppendData(buf, 0, n);
            left -= n;
        }
        return true;
    }

    private static FileStream Open(string path, FileMode mode) =>
        new(path, mode, FileAccess.ReadWrite, FileShare.Read, 1, FileOptions.None);
}
