using System.Globalization;
using System.Text;
using Google.Protobuf;
using Stepwise.Training.TensorBoard.Proto;

namespace Stepwise.Training.TensorBoard;

/// <summary>
/// Writes one TensorBoard event file, <c>RUN/tb/events.out.tfevents.&lt;unix seconds&gt;.&lt;host&gt;</c>, that
/// <c>tensorboard --logdir RUN</c> reads: TFRecords (length, masked CRC-32C of the length, an <c>Event</c> protobuf, its
/// masked CRC-32C), the first record the <c>file_version</c> <c>brain.Event:2</c>, then one <c>Event</c> per scalar with
/// a <c>Summary.Value { tag, simple_value }</c>, as PyTorch's <c>SummaryWriter.add_scalar</c> writes them.
/// </summary>
/// <remarks>
/// <para>Each process (each session of a run) writes its own file, as TensorFlow and PyTorch do. On resume,
/// <see cref="Open"/> first cuts every existing file of the folder after the checkpoint's step (see
/// <see cref="TensorBoardEventFiles"/>), so events after that step are never duplicated; the new file then starts with
/// a <c>SessionLog START</c> at the first new step, which also makes older TensorBoard readers purge any such events
/// they had already loaded.</para>
/// <para>Events are buffered (64 KiB) and reach the file at <see cref="Flush"/> (a write to the operating system, no
/// fsync: cheap enough to call every few seconds), when the buffer fills, and at <see cref="Dispose"/> (which also
/// fsyncs). A scalar allocates nothing: the message objects and the record buffer are reused. Not thread-safe.</para>
/// </remarks>
public sealed class TensorBoardWriter : IDisposable
{
    private const int BufferBytes = 1 << 16;
    private readonly FileStream _stream;
    private readonly Event _event = new();
    private readonly Summary _summary = new();
    private readonly Summary.Types.Value _value = new();
    private readonly Dictionary<string, string> _tags = new(StringComparer.Ordinal);
    private byte[] _record = new byte[256];
    private bool _disposed;

    private TensorBoardWriter(FileStream stream, IReadOnlyList<string> notes)
    {
        _stream = stream;
        Notes = notes;
        _summary.Value.Add(_value);
    }

    /// <summary>The file being written (absolute path).</summary>
    public string FilePath => _stream.Name;

    /// <summary>What <see cref="Open"/> removed from earlier files on resume, one line each (for the run's log);
    /// empty for a new run or when nothing had to go.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>
    /// Creates <c>RUN/tb/</c> if needed and a new event file in it, named after <paramref name="wallTime"/>
    /// (whole seconds) and <paramref name="host"/> (default: this machine's name; characters other than letters,
    /// digits, '.', '-' and '_' become '_'; a taken name gets a suffix <c>.1</c>, <c>.2</c>, …).
    /// </summary>
    /// <param name="runDirectory">The run folder.</param>
    /// <param name="resumeStep">Null for a new run: the folder must then hold no event file. On resume, the
    /// checkpoint's step s: every existing file keeps its events of steps ≤ s and loses the rest, including a torn
    /// last record left by a kill (the cut is at the first record whose step is after s, or at the first torn or
    /// damaged record; see <see cref="Notes"/>).</param>
    /// <param name="wallTime">Now, in seconds since the Unix epoch (the clock is the caller's).</param>
    /// <param name="host">The host name for the file name; null for <see cref="Environment.MachineName"/>.</param>
    /// <exception cref="InvalidOperationException">A new run (<paramref name="resumeStep"/> null) but the folder already
    /// holds event files.</exception>
    /// <exception cref="IOException">The folder or file cannot be written.</exception>
    public static TensorBoardWriter Open(string runDirectory, Step? resumeStep, double wallTime, string? host = null)
    {
        ArgumentNullException.ThrowIfNull(runDirectory);
        if (!double.IsFinite(wallTime) || wallTime < 0) throw new ArgumentOutOfRangeException(nameof(wallTime), wallTime, "seconds since the Unix epoch, ≥ 0");
        string folder = Path.Combine(runDirectory, TensorBoardEventFiles.FolderName);
        var existing = TensorBoardEventFiles.List(runDirectory);
        var notes = new List<string>();
        if (resumeStep is not { } resume)
        {
            if (existing.Count > 0)
                throw new InvalidOperationException($"{folder} already holds {existing.Count} TensorBoard event file(s) (e.g. {Path.GetFileName(existing[0])}); a new run needs a folder without them");
        }
        else
        {
            foreach (string file in existing)
            {
                if (TensorBoardEventFiles.TrimAfter(file, resume) is { } note) notes.Add(note);
            }
        }
        Directory.CreateDirectory(folder);
        var stream = CreateFile(folder, wallTime, host ?? Environment.MachineName);
        var writer = new TensorBoardWriter(stream, notes);
        try
        {
            writer._event.WallTime = wallTime;
            writer._event.Step = 0;
            writer._event.FileVersion = TensorBoardEventFiles.FileVersion;
            writer.WriteEvent();
            if (resumeStep is { } s)
            {
                writer._event.Step = checked(s.Value + 1);
                writer._event.SessionLog = new SessionLog { Status = SessionLog.Types.SessionStatus.Start };
                writer.WriteEvent();
            }
            writer.Flush();
        }
        catch
        {
            writer.Dispose();
            throw;
        }
        return writer;
    }

    /// <summary>Appends one scalar: tag <paramref name="tag"/>, <paramref name="value"/> rounded to float32 (TensorBoard's
    /// <c>simple_value</c>; NaN and infinities are kept), at <paramref name="step"/> and <paramref name="wallTime"/>
    /// (seconds since the Unix epoch). Steps should not decrease within a run: the resume cut is at the first record
    /// after the checkpoint's step.</summary>
    /// <exception cref="ArgumentException"><paramref name="tag"/> is empty.</exception>
    /// <exception cref="IOException">The buffer had to be written and the write failed.</exception>
    public void Scalar(string tag, Step step, double value, double wallTime)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentException.ThrowIfNullOrEmpty(tag);
        _value.Tag = tag;
        _value.SimpleValue = (float)value;
        _event.WallTime = wallTime;
        _event.Step = step.Value;
        _event.Summary = _summary;
        WriteEvent();
    }

    /// <summary>Appends one scalar per entry of a Hugging Face style log row (keys as in <c>trainer_state.json</c>'s
    /// <c>log_history</c>: <c>loss</c>, <c>learning_rate</c>, <c>eval_loss</c>, …), tagged by
    /// <see cref="TensorBoardTags.FromHfLogKey"/>, all at <paramref name="step"/>: what HF's
    /// <c>TensorBoardCallback.on_log</c> does.</summary>
    /// <exception cref="ArgumentException">A key is empty.</exception>
    public void Log(Step step, IEnumerable<KeyValuePair<string, double>> row, double wallTime)
    {
        ArgumentNullException.ThrowIfNull(row);
        foreach (var (key, value) in row)
        {
            if (!_tags.TryGetValue(key, out string? tag))
            {
                tag = TensorBoardTags.FromHfLogKey(key);
                _tags.Add(key, tag);
            }
            Scalar(tag, step, value, wallTime);
        }
    }

    /// <summary>Hands the buffered events to the operating system (no fsync), so that TensorBoard sees them.</summary>
    /// <exception cref="IOException">The write failed (e.g. the disk is full).</exception>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _stream.Flush(flushToDisk: false);
    }

    /// <summary>Writes the remaining events, fsyncs and closes the file. A failing final write throws
    /// <see cref="IOException"/>; the file is closed either way.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        try { _stream.Flush(flushToDisk: true); }
        finally { _stream.Dispose(); }
    }

    private void WriteEvent()
    {
        int size = _event.CalculateSize();
        int framed = TfRecord.FramedLength(size);
        if (_record.Length < framed) _record = new byte[Math.Max(framed, _record.Length * 2)];
        _event.WriteTo(_record.AsSpan(TfRecord.HeaderBytes, size));
        TfRecord.Frame(_record, size);
        _stream.Write(_record, 0, framed);
    }

    private static FileStream CreateFile(string folder, double wallTime, string host)
    {
        string stem = TensorBoardEventFiles.FilePrefix
            + ((long)Math.Floor(wallTime)).ToString("D10", CultureInfo.InvariantCulture) + "." + Sanitize(host);
        for (int n = 0; ; n++)
        {
            string path = Path.Combine(folder, n == 0 ? stem : stem + "." + n.ToString(CultureInfo.InvariantCulture));
            try
            {
                return new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, BufferBytes);
            }
            catch (IOException) when (File.Exists(path) && n < 1000)
            {
                // taken (a second session in the same second): try the next suffix
            }
        }
    }

    private static string Sanitize(string host)
    {
        var sb = new StringBuilder(host.Length);
        foreach (char c in host) sb.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_');
        return sb.Length == 0 ? "localhost" : sb.ToString();
    }
}
