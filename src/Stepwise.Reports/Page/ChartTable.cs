using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stepwise.Reports.Page;

/// <summary>
/// The data of one chart, as a table: named columns and rows of cells (a <see cref="long"/>, a <see cref="double"/>, a
/// string or null). It is embedded once in the page, as the chart's <c>table</c> dataset, and the page's "CSV" button
/// writes the same rows. Doubles are written with 7 significant digits (plenty for a plot; the run's own files keep
/// every digit); a non-finite double is written as null, which a line draws as a gap.
/// </summary>
internal sealed class ChartTable
{
    private readonly List<object?[]> _rows = [];

    /// <summary>A table with <paramref name="columns"/>.</summary>
    public ChartTable(params string[] columns) => Columns = columns;

    /// <summary>The column names, in order.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>The rows.</summary>
    public IReadOnlyList<object?[]> Rows => _rows;

    /// <summary>Appends a row of <see cref="Columns"/>.Count cells.</summary>
    public void Add(params object?[] cells)
    {
        if (cells.Length != Columns.Count) throw new ArgumentException($"a row of {cells.Length} cells for {Columns.Count} columns", nameof(cells));
        _rows.Add(cells);
    }

    /// <summary>The rows as a JSON array of objects (null cells are left out, as Vega-Lite reads them).</summary>
    public JsonArray ToJson()
    {
        var array = new JsonArray();
        foreach (var row in _rows)
        {
            var o = new JsonObject();
            for (int i = 0; i < row.Length; i++) o[Columns[i]] = Node(row[i]);
            array.Add(o);
        }
        return array;
    }

    /// <summary>The rows as RFC 4180 CSV (header line first, "\n" line ends).</summary>
    public string ToCsv()
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', Columns.Select(Quote)).Append('\n');
        foreach (var row in _rows)
        {
            for (int i = 0; i < row.Length; i++)
            {
                if (i > 0) sb.Append(',');
                sb.Append(Quote(Text(row[i])));
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>A double as written: 7 significant digits, shortest form.</summary>
    public static string Number(double value) => value.ToString("G7", CultureInfo.InvariantCulture);

    private static JsonNode? Node(object? cell) => cell switch
    {
        null => null,
        long l => JsonValue.Create(l),
        int i => JsonValue.Create(i),
        double d when double.IsFinite(d) => JsonNode.Parse(Number(d)),
        double => null,
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        _ => throw new ArgumentException($"a cell of type {cell.GetType().Name}"),
    };

    private static string Text(object? cell) => cell switch
    {
        null => "",
        long l => l.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        double d when double.IsFinite(d) => Number(d),
        double => "",
        bool b => b ? "true" : "false",
        _ => Convert.ToString(cell, CultureInfo.InvariantCulture) ?? "",
    };

    private static string Quote(string s) =>
        s.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;

    /// <summary>The JSON options of every spec: compact, and HTML-sensitive characters escaped so that a spec can sit
    /// inside a script element.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new() { WriteIndented = false };
}
