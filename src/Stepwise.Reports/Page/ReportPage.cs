using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Stepwise.Reports.Page;

/// <summary>
/// A whole report page: title, header HTML, sections and warnings, rendered as one self-contained HTML file. The page
/// inlines its style, the vendored vega, vega-lite and vega-embed bundles and its own script; its Content-Security-
/// Policy allows no network access at all (default-src 'none'), so it opens offline and cannot make a request.
/// </summary>
internal sealed class ReportPage
{
    /// <summary>The page's Content-Security-Policy: inline scripts and styles only (vega compiles its expressions, hence
    /// 'unsafe-eval'), images from data: and blob: URLs (the PNG/SVG export), nothing from any network.</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data: blob:";

    /// <summary>The page title (the run's or plan's name).</summary>
    public required string Title { get; init; }

    /// <summary>A line under the title (the folder's path).</summary>
    public string? Subtitle { get; init; }

    /// <summary>Trusted HTML between the title and the contents (status, numbers, config).</summary>
    public string HeaderHtml { get; init; } = "";

    /// <summary>The sections in order.</summary>
    public IReadOnlyList<ReportSection> Sections { get; init; } = [];

    /// <summary>What could not be read or drawn, one line each.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The charts of every present section.</summary>
    public IEnumerable<Chart> Charts => Sections.Where(s => s.Present).SelectMany(s => s.Charts);

    /// <summary>The page as HTML text.</summary>
    public string Render()
    {
        var ids = Charts.Select(c => c.Id).ToList();
        if (ids.Distinct(StringComparer.Ordinal).Count() != ids.Count) throw new InvalidOperationException("two charts share an id: " + string.Join(", ", ids));
        var sb = new StringBuilder(1 << 20);
        sb.Append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
        sb.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"").Append(ContentSecurityPolicy).Append("\">\n");
        sb.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        sb.Append("<meta name=\"generator\" content=\"stepwise report (layout ").Append(ReportsAssembly.LayoutVersion.ToString(CultureInfo.InvariantCulture)).Append(")\">\n");
        sb.Append("<title>").Append(Html.Encode(Title)).Append(" · Stepwise report</title>\n<style>\n").Append(PageAssets.Css).Append("</style></head>\n<body><div class=\"page\">\n");
        sb.Append("<header class=\"top\"><h1>").Append(Html.Encode(Title)).Append("</h1>");
        if (Subtitle is not null) sb.Append("<p class=\"sub\">").Append(Html.Encode(Subtitle)).Append("</p>");
        sb.Append(HeaderHtml).Append("</header>\n");
        AppendContents(sb);
        AppendWarnings(sb);
        sb.Append("<main>\n");
        foreach (var section in Sections.Where(s => s.Present)) AppendSection(sb, section);
        sb.Append("</main>\n<footer>Written by <code>stepwise report</code> (layout ").Append(ReportsAssembly.LayoutVersion.ToString(CultureInfo.InvariantCulture))
          .Append("). Charts: Vega-Lite specifications drawn by ").Append(Html.Encode(PageAssets.VersionLine))
          .Append(", inlined with their BSD-3-Clause licenses (src/Stepwise.Reports/Vendor/ in the source). The page opens offline and makes no network request; each chart's data downloads as CSV.</footer>\n");
        sb.Append("<pre id=\"stepwise-png\"></pre>\n</div>\n");
        foreach (string bundle in PageAssets.Bundles) sb.Append("<script>").Append(PageAssets.Vendor(bundle)).Append("\n</script>\n");
        sb.Append("<script>\n").Append(PageAssets.Script).Append("</script>\n</body></html>\n");
        return sb.ToString();
    }

    private void AppendContents(StringBuilder sb)
    {
        if (Sections.Count < 2) return;
        sb.Append("<nav class=\"toc\" aria-label=\"Sections\">");
        foreach (var s in Sections)
        {
            if (s.Present) sb.Append("<a href=\"#").Append(Html.Encode(s.Id)).Append("\">").Append(Html.Encode(s.Title)).Append("</a>");
            else sb.Append("<span class=\"absent\" title=\"").Append(Html.Encode(NoteOf(s))).Append("\">").Append(Html.Encode(s.Title)).Append(": not present</span>");
        }
        sb.Append("</nav>\n");
    }

    private static string NoteOf(ReportSection s) => s.Blocks.OfType<ReportBlock.NoteBlock>().FirstOrDefault()?.Text ?? "";

    private void AppendWarnings(StringBuilder sb)
    {
        if (Warnings.Count == 0) return;
        sb.Append("<div class=\"warnings\" role=\"note\"><strong>Incomplete:</strong> this report drew what it could.<ul>");
        foreach (string w in Warnings) sb.Append("<li>").Append(Html.Encode(w)).Append("</li>");
        sb.Append("</ul></div>\n");
    }

    private static void AppendSection(StringBuilder sb, ReportSection section)
    {
        sb.Append("<section id=\"").Append(Html.Encode(section.Id)).Append("\"><h2>").Append(Html.Encode(section.Title)).Append("</h2>\n");
        bool inGrid = false;
        foreach (var block in section.Blocks)
        {
            if (block is ReportBlock.ChartBlock c)
            {
                if (!inGrid) sb.Append("<div class=\"grid\">\n");
                inGrid = true;
                AppendChart(sb, c.Chart);
                continue;
            }
            if (inGrid) sb.Append("</div>\n");
            inGrid = false;
            switch (block)
            {
                case ReportBlock.HtmlBlock h: sb.Append(h.Html).Append('\n'); break;
                case ReportBlock.NoteBlock n: sb.Append("<p class=\"note\">").Append(Html.Encode(n.Text)).Append("</p>\n"); break;
            }
        }
        if (inGrid) sb.Append("</div>\n");
        sb.Append("</section>\n");
    }

    private static void AppendChart(StringBuilder sb, Chart chart)
    {
        string id = Html.Encode(chart.Id);
        var spec = chart.Complete();
        string title = spec["title"]?["text"]?.GetValue<string>() ?? chart.Id;
        sb.Append("<figure class=\"chart").Append(chart.Wide ? " wide" : "").Append("\" data-chart=\"").Append(id).Append("\" data-columns=\"")
          .Append(Html.Encode(JsonSerializer.Serialize(chart.Table.Columns))).Append("\">");
        sb.Append("<div class=\"vis\" id=\"vis-").Append(id).Append("\" role=\"img\" aria-label=\"").Append(Html.Encode(title)).Append("\"></div>");
        sb.Append("<div class=\"tools\">");
        if (chart.StepAxisToggle) sb.Append("<label><input type=\"checkbox\" class=\"logx\"> log-scale steps</label>");
        sb.Append("<button type=\"button\" class=\"csv\">Download data (CSV)</button></div>");
        // System.Text.Json escapes <, > and & by default, so the spec cannot close its script element.
        sb.Append("<script type=\"application/json\" id=\"spec-").Append(id).Append("\">").Append(spec.ToJsonString(ChartTable.JsonOptions)).Append("</script>");
        sb.Append("</figure>\n");
    }
}
