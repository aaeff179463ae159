using Stepwise.Training.Loop;
using Stepwise.Training.Setup;

namespace Stepwise.Analysis.Dynamics.Cartography;

/// <summary>
/// Dataset cartography for <c>stepwise train</c> with <c>dynamics: { record: true }</c>: after every update it appends
/// each row's loss and correctness from the update's own training forward pass (before the update, as the reference
/// code logs them) to <see cref="CartographyLog"/>. On its first update it cuts the log back to the records before that
/// update (a resume), so the log equals an uninterrupted run's. The file is flushed to the operating system after
/// every update (a killed process loses nothing the checkpoint after it needs).
/// </summary>
public sealed class CartographyHook : IUpdateHook, IDisposable
{
    private readonly string _runDirectory;
    private FileStream? _stream;
    private byte[] _buffer = [];

    /// <summary>A hook writing into <paramref name="runDirectory"/>'s cartography log.</summary>
    public CartographyHook(string runDirectory) => _runDirectory = runDirectory;

    /// <summary>The hooks <c>stepwise train</c> runs for <paramref name="setup"/>: this one when the config says
    /// <c>dynamics.record: true</c>, else none.</summary>
    public static IReadOnlyList<IUpdateHook> For(RunSetup setup, string runDirectory)
    {
        ArgumentNullException.ThrowIfNull(setup);
        return setup.Values.Bool("dynamics.record", false) ? [new CartographyHook(runDirectory)] : [];
    }

    /// <inheritdoc/>
    public void AfterUpdate(in UpdateRecord update)
    {
        _stream ??= Open(update.Update.Value);
        var rows = update.Rows;
        int bytes = rows.Length * CartographyLog.RecordBytes;
        if (_buffer.Length < bytes) _buffer = new byte[bytes];
        for (int i = 0; i < rows.Length; i++)
        {
            CartographyLog.Encode(new CartographyEntry(update.Update.Value, rows[i], update.RowLosses[i], update.RowCorrect[i]),
                _buffer.AsSpan(i * CartographyLog.RecordBytes, CartographyLog.RecordBytes));
        }
        _stream.Write(_buffer, 0, bytes);
        _stream.Flush();
    }

    /// <summary>Opens the log for appending after its last record before update <paramref name="start"/>.</summary>
    private FileStream Open(long start)
    {
        Directory.CreateDirectory(Path.Combine(_runDirectory, CartographyLog.Folder));
        var s = new FileStream(CartographyLog.PathOf(_runDirectory), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
        var head = new byte[8];
        bool valid = s.Length >= 8 && s.ReadAtLeast(head, 8, throwOnEndOfStream: false) == 8 && head.AsSpan().SequenceEqual(CartographyLog.Magic);
        if (!valid || start == 0)
        {
            s.SetLength(0);
            s.Write(CartographyLog.Magic);
            return s;
        }
        // records are in update order: keep the whole ones with update < start
        long count = (s.Length - 8) / CartographyLog.RecordBytes, lo = 0, hi = count;
        var record = new byte[CartographyLog.RecordBytes];
        while (lo < hi)
        {
            long mid = lo + (hi - lo) / 2;
            s.Position = 8 + mid * CartographyLog.RecordBytes;
            s.ReadExactly(record);
            if (CartographyLog.Decode(record).Update < start) lo = mid + 1;
            else hi = mid;
        }
        s.SetLength(8 + lo * CartographyLog.RecordBytes);
        s.Position = s.Length;
        return s;
    }

    /// <inheritdoc/>
    public void Dispose() => _stream?.Dispose();
}
