using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Stepwise.Training.Runs;

/// <summary>
/// <c>timing.jsonl</c>, the run's wall-clock journal (<see cref="TimingRecord"/>): one segment per process that trained
/// the folder, so a resumed run's rows follow its earlier segments and a fresh run starts a new file (a folder never
/// holds two runs). A torn last line left by a kill is cut before appending.
/// </summary>
public sealed class TimingLog : IDisposable
{
    private readonly StreamWriter _writer;

    private TimingLog(StreamWriter writer, int segment) => (_writer, Segment) = (writer, segment);

    /// <summary>This process's segment: 0 for a fresh run, one more than the file's last segment on resume.</summary>
    public int Segment { get; }

    /// <summary>A new file (<paramref name="resume"/> false) or the existing one continued.</summary>
    public static TimingLog Open(string path, bool resume)
    {
        int segment = 0;
        if (resume && File.Exists(path)) segment = LastSegment(path) + 1;
        var stream = new FileStream(path, resume ? FileMode.OpenOrCreate : FileMode.Create, FileAccess.ReadWrite, FileShare.Read);
        if (resume) CutTornLine(stream);
        stream.Seek(0, SeekOrigin.End);
        return new TimingLog(new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = false }, segment);
    }

    /// <summary>Appends a row: <paramref name="ev"/> at <paramref name="step"/>, <paramref name="wall"/> seconds into this
    /// segment, with the optional fields.</summary>
    public void Write(string ev, long step, double wall, double? saveSeconds = null, double? stepsPerSecond = null, string? status = null, int? threads = null)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{{\"event\":\"{ev}\",\"step\":{step},\"segment\":{Segment},\"wall_s\":{Math.Round(wall, 6).ToString("R", CultureInfo.InvariantCulture)}");
        if (saveSeconds is { } ss) sb.Append(",\"save_s\":").Append(Math.Round(ss, 6).ToString("R", CultureInfo.InvariantCulture));
        if (stepsPerSecond is { } sps && double.IsFinite(sps)) sb.Append(",\"steps_per_s\":").Append(Math.Round(sps, 3).ToString("R", CultureInfo.InvariantCulture));
        if (threads is { } th) sb.Append(",\"threads\":").Append(th.ToString(CultureInfo.InvariantCulture));
        if (status is not null) sb.Append(",\"status\":\"").Append(status).Append('"');
        _writer.Write(sb.Append("}\n").ToString());
    }

    /// <summary>Writes buffered rows to the file.</summary>
    public void Flush() => _writer.Flush();

    /// <summary>Flushes and closes.</summary>
    public void Dispose() => _writer.Dispose();

    private static int LastSegment(string path)
    {
        int last = -1;
        foreach (string line in File.ReadLines(path))
        {
            try
            {
                using var doc = JsonDocument.Parse(line);
                if (doc.RootElement.TryGetProperty("segment", out var s) && s.ValueKind == JsonValueKind.Number) last = Math.Max(last, s.GetInt32());
            }
            catch (JsonException)
            {
                // a torn last line
            }
        }
        return last;
    }

    private static void CutTornLine(FileStream stream)
    {
        long end = stream.Length;
        if (end == 0) return;
        var one = new byte[1];
        long pos = end;
        while (pos > 0)
        {
            stream.Position = pos - 1;
            stream.ReadExactly(one);
            if (one[0] == (byte)'\n') break;
            pos--;
        }
        if (pos != end) stream.SetLength(pos);
    }
}
