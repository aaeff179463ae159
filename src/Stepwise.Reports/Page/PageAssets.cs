using System.Reflection;

namespace Stepwise.Reports.Page;

/// <summary>The resources every page inlines: the vendored vega, vega-lite and vega-embed bundles (Vendor/, from
/// scripts/update-vega.sh) and the page's own style and script (Page/report.css, Page/report.js).</summary>
internal static class PageAssets
{
    /// <summary>The bundles in the order a page loads them.</summary>
    public static IReadOnlyList<string> Bundles { get; } = ["vega.min.js", "vega-lite.min.js", "vega-embed.min.js"];

    private static readonly Lazy<IReadOnlyDictionary<string, string>> Texts = new(Load);

    /// <summary>The text of a vendored file (<c>vega.min.js</c>, <c>VERSIONS.txt</c>, <c>LICENSE.vega.txt</c>, …).</summary>
    public static string Vendor(string name) => Texts.Value["Stepwise.Reports.Vendor." + name];

    /// <summary>The page's style sheet.</summary>
    public static string Css => Texts.Value["Stepwise.Reports.Page.report.css"];

    /// <summary>The page's script.</summary>
    public static string Script => Texts.Value["Stepwise.Reports.Page.report.js"];

    /// <summary>"vega 6.4.0, vega-lite 6.5.0, vega-embed 7.3.0", from VERSIONS.txt.</summary>
    public static string VersionLine => string.Join(", ", Vendor("VERSIONS.txt").Split('\n')
        .Where(l => l.StartsWith("vega", StringComparison.Ordinal))
        .Select(l => string.Join(' ', l.Split(' ').Take(2))));

    private static IReadOnlyDictionary<string, string> Load()
    {
        var assembly = typeof(PageAssets).Assembly;
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string name in assembly.GetManifestResourceNames())
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            texts[name] = reader.ReadToEnd();
        }
        return texts;
    }
}
