using System.Globalization;
using System.Text;

namespace Stepwise.Reports.Page;

/// <summary>HTML text helpers: escaping and the few elements the sections build (stat grids, tables).</summary>
internal static class Html
{
    /// <summary><paramref name="text"/> escaped for element content and attribute values.</summary>
    public static string Encode(string? text) => System.Net.WebUtility.HtmlEncode(text ?? "");

    /// <summary>A whole number with thousands separators ("3,000,000").</summary>
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A metric value for a table: 4 significant digits.</summary>
    public static string Metric(double value) => double.IsFinite(value) ? value.ToString("G4", CultureInfo.InvariantCulture) : "—";

    /// <summary>A duration in seconds as "12.3 s", "4 min 05 s", "2 h 03 min".</summary>
    public static string Duration(double seconds)
    {
        if (!double.IsFinite(seconds) || seconds < 0) return "—";
        if (seconds < 60) return seconds.ToString(seconds < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " s";
        long s = (long)Math.Round(seconds);
        if (s < 3600) return string.Create(CultureInfo.InvariantCulture, $"{s / 60} min {s % 60:00} s");
        return string.Create(CultureInfo.InvariantCulture, $"{s / 3600} h {s % 3600 / 60:00} min");
    }

    /// <summary>A grid of labelled numbers: (label, value, optional hint) each.</summary>
    public static string StatGrid(IEnumerable<(string Label, string Value, string? Hint)> stats)
    {
        var sb = new StringBuilder("<dl class=\"stats\">");
        foreach (var (label, value, hint) in stats)
        {
            sb.Append("<div><dt>").Append(Encode(label)).Append("</dt><dd>").Append(Encode(value)).Append("</dd>");
            if (hint is not null) sb.Append("<span class=\"hint\">").Append(Encode(hint)).Append("</span>");
            sb.Append("</div>");
        }
        return sb.Append("</dl>").ToString();
    }

    /// <summary>A table with a header row; <paramref name="bold"/> marks cells (row, column) to emphasize.</summary>
    public static string Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, string? caption = null,
        Func<int, int, bool>? bold = null, string cssClass = "data")
    {
        var sb = new StringBuilder($"<div class=\"table-wrap\"><table class=\"{cssClass}\">");
        if (caption is not null) sb.Append("<caption>").Append(Encode(caption)).Append("</caption>");
        var list = rows.ToList();
        bool Text(string cell) => cell.Length > 0 && !(char.IsAsciiDigit(cell[0]) || cell[0] is '-' or '—' or '.');
        sb.Append("<thead><tr>");
        for (int c = 0; c < header.Count; c++)
        {
            bool text = c > 0 && list.Count > 0 && list.All(r => c < r.Count && (Text(r[c]) || r[c] == "—")) && list.Any(r => c < r.Count && Text(r[c]));
            sb.Append(text ? "<th scope=\"col\" class=\"text\">" : "<th scope=\"col\">").Append(Encode(header[c])).Append("</th>");
        }
        sb.Append("</tr></thead><tbody>");
        int r = 0;
        foreach (var row in list)
        {
            sb.Append("<tr>");
            for (int c = 0; c < row.Count; c++)
            {
                string tag = c == 0 ? "th scope=\"row\"" : "td";
                string close = c == 0 ? "th" : "td";
                bool b = bold?.Invoke(r, c) ?? false;
                bool text = c > 0 && Text(row[c]);
                string css = (b ? "best" : "") + (text ? (b ? " text" : "text") : "");
                sb.Append('<').Append(tag).Append(css.Length > 0 ? $" class=\"{css}\"" : "").Append('>').Append(Encode(row[c])).Append("</").Append(close).Append('>');
            }
            sb.Append("</tr>");
            r++;
        }
        return sb.Append("</tbody></table></div>").ToString();
    }
}
