using System.Globalization;
using System.Text;
using System.Text.Json;
using Stepwise.Training.Runs;

namespace Stepwise.Training.Metrics;

/// <summary>
/// <c>metrics.jsonl</c> of a run: rows appended in step order, buffered in memory and flushed at checkpoints, stops and
/// the end (rows after the last checkpoint are recomputed on resume anyway). On resume the file is rewritten from the
/// checkpoint's <c>log_history</c>, so a stop adds no rows and a torn last line from a kill is repaired.
/// <c>metrics.csv</c> is written from the rows at the end and at a stop.
/// </summary>
public sealed class MetricsLog
{
    private readonly string _path;
    private readonly List<string> _lines = [];
    private int _flushed;

    /// <summary>A log at <paramref name="path"/> (not created until <see cref="Flush"/>).</summary>
    public MetricsLog(string path) => _path = path;

    /// <summary>Every row so far, as JSON lines.</summary>
    public IReadOnlyList<string> Lines => _lines;

    /// <summary>Appends a row.</summary>
    public void Append(MetricsRow row) => _lines.Add(row.ToJson());

    /// <summary>Starts over from <paramref name="lines"/> (a checkpoint's history) and rewrites the file.</summary>
    public void Reset(IEnumerable<string> lines)
    {
        _lines.Clear();
        _lines.AddRange(lines);
        _flushed = 0;
        var tmp = _path + ".tmp";
        File.WriteAllText(tmp, string.Concat(_lines.Select(l => l + "\n")));
        File.Move(tmp, _path, overwrite: true);
        _flushed = _lines.Count;
    }

    /// <summary>Appends the rows not yet on disk.</summary>
    public void Flush()
    {
        if (_flushed == _lines.Count && File.Exists(_path)) return;
        using var stream = new FileStream(_path, _flushed == 0 ? FileMode.Create : FileMode.Append, FileAccess.Write, FileShare.Read);
        using var writer = new StreamWriter(stream, new UTF8Encoding(false));
        for (int i = _flushed; i < _lines.Count; i++) writer.Write(_lines[i] + "\n");
        _flushed = _lines.Count;
    }

    /// <summary>The rows as a JSON array (for trainer_state.json's <c>log_history</c>).</summary>
    public string HistoryJson() => "[" + string.Join(",", _lines) + "]";

    /// <summary>The raw rows of a <c>log_history</c> array, exactly as written.</summary>
    public static IReadOnlyList<string> FromHistory(JsonElement history) =>
        history.EnumerateArray().Select(e => e.GetRawText()).ToList();

    /// <summary>Writes <c>metrics.csv</c> beside the log: one column per field in order of first appearance.</summary>
    public void WriteCsv(string path)
    {
        var columns = new List<string>();
        var rows = new List<Dictionary<string, string>>();
        foreach (string line in _lines)
        {
            using var doc = JsonDocument.Parse(line);
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (!columns.Contains(p.Name)) columns.Add(p.Name);
                row[p.Name] = p.Value.ValueKind == JsonValueKind.Null ? "" : p.Value.GetRawText();
            }
            rows.Add(row);
        }
        var sb = new StringBuilder(string.Join(",", columns)).Append('\n');
        foreach (var row in rows) sb.Append(string.Join(",", columns.Select(c => row.GetValueOrDefault(c, "")))).Append('\n');
        RunFiles.WriteAtomic(path, sb.ToString());
    }

    /// <summary>Formats a count for log lines.</summary>
    internal static string N(long v) => v.ToString("N0", CultureInfo.InvariantCulture);
}
