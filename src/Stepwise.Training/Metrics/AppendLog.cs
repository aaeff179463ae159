using System.Security.Cryptography;
using System.Text;

namespace Stepwise.Training.Metrics;

/// <summary>
/// An append-only text file of whole lines (<c>metrics.jsonl</c>, <c>metrics.csv</c>, <c>timing.jsonl</c>) with a running
/// SHA-256 of everything written, so <see cref="Position"/> costs nothing and never re-reads the file. Lines are buffered
/// in memory and reach the file on <see cref="Flush"/>; flushing only appends, so the file's bytes never depend on when
/// it happened. One writer per file (the run folder's lock guarantees it).
/// </summary>
public sealed class AppendLog : IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(false);
    private readonly FileStream _file;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[] _buffer = new byte[1 << 16];
    private int _used;
    private long _bytes, _lines;

    private AppendLog(string path, FileStream file)
    {
        FilePath = path;
        _file = file;
    }

    /// <summary>The file.</summary>
    public string FilePath { get; }

    /// <summary>Bytes, hash and lines written so far (buffered lines included).</summary>
    public LogPosition Position => new(_bytes, Convert.ToHexStringLower(_hash.GetCurrentHash()), _lines);

    /// <summary>Bytes in the buffer, not yet in the file.</summary>
    public int Pending => _used;

    /// <summary>A new, empty file at <paramref name="path"/> (an existing one is replaced).</summary>
    public static AppendLog Create(string path) => new(path, Open(path, FileMode.Create));

    /// <summary>
    /// Continues the file at <paramref name="path"/> from <paramref name="at"/>: when the file's first
    /// <see cref="LogPosition.Bytes"/> bytes hash to <see cref="LogPosition.Sha256"/>, the rest (rows a stopped or killed
    /// run wrote after that point, a torn last line) is cut and writing continues there; otherwise the file is replaced
    /// by <paramref name="rebuild"/>'s lines and <paramref name="mismatch"/> receives why (null: the prefix matched).
    /// </summary>
    public static AppendLog Continue(string path, LogPosition at, Func<IEnumerable<string>> rebuild, out string? mismatch)
    {
        ArgumentNullException.ThrowIfNull(at);
        ArgumentNullException.ThrowIfNull(rebuild);
        mismatch = null;
        if (File.Exists(path))
        {
            var file = Open(path, FileMode.Open);
            var log = new AppendLog(path, file);
            if (file.Length < at.Bytes) mismatch = $"is shorter than recorded ({file.Length:N0} of {at.Bytes:N0} bytes)";
            else if (!log.HashPrefix(at.Bytes) || Convert.ToHexStringLower(log._hash.GetCurrentHash()) != at.Sha256)
                mismatch = $"does not begin with the {at.Bytes:N0} bytes recorded (edited or replaced)";
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
        var fresh = Create(path);
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
        _hash.AppendData(_buffer, _used, n + 1);
        _used += n + 1;
        _bytes += n + 1;
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

    /// <summary>Hashes the file's first <paramref name="bytes"/> bytes into the running hash; false when it ended early.</summary>
    private bool HashPrefix(long bytes)
    {
        _file.Position = 0;
        var buf = new byte[1 << 16];
        long left = bytes;
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
