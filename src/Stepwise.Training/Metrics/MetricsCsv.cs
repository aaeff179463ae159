using System.Text;
using System.Text.Json;

namespace Stepwise.Training.Metrics;

/// <summary>
/// <c>metrics.csv</c>: the rows of <c>metrics.jsonl</c> with one fixed column set known when the run starts —
/// <c>step, epoch, lr, loss</c>, then <c>{split}_loss, {split}_accuracy</c> for every split of the data in split
/// order — so rows stream as they are logged. A field a row lacks (or a JSON null) is an empty cell; numbers keep the
/// exact text of metrics.jsonl.
/// </summary>
public static class MetricsCsv
{
    /// <summary>The columns for data with <paramref name="splits"/>.</summary>
    public static IReadOnlyList<string> Columns(IReadOnlyList<string> splits)
    {
        ArgumentNullException.ThrowIfNull(splits);
        var columns = new List<string> { "step", "epoch", "lr", "loss" };
        foreach (string s in splits) columns.AddRange([$"{s}_loss", $"{s}_accuracy"]);
        return columns;
    }

    /// <summary>The header line.</summary>
    public static string Header(IReadOnlyList<string> columns) => string.Join(",", columns);

    /// <summary>The CSV line of <paramref name="fields"/> (name → JSON number text) under <paramref name="columns"/>.</summary>
    public static string Line(IReadOnlyList<string> columns, IReadOnlyList<KeyValuePair<string, string>> fields)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(fields);
        var sb = new StringBuilder();
        for (int c = 0; c < columns.Count; c++)
        {
            if (c > 0) sb.Append(',');
            foreach (var (k, v) in fields)
            {
                if (k == columns[c])
                {
                    if (v != "null") sb.Append(v);
                    break;
                }
            }
        }
        return sb.ToString();
    }

    /// <summary>The CSV lines (header first) of the metrics.jsonl lines <paramref name="jsonLines"/>: what streaming
    /// wrote, rebuilt when metrics.csv is missing or damaged.</summary>
    public static IEnumerable<string> FromJsonLines(IReadOnlyList<string> columns, IEnumerable<string> jsonLines)
    {
        yield return Header(columns);
        foreach (string json in jsonLines)
        {
            using var doc = JsonDocument.Parse(json);
            var fields = doc.RootElement.EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, p.Value.GetRawText())).ToList();
            yield return Line(columns, fields);
        }
    }
}
