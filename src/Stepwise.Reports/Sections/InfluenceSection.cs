using System.Globalization;
using System.Text.Json.Nodes;
using Stepwise.Analysis.Influence;
using Stepwise.Reports.Charts;
using Stepwise.Reports.Page;

namespace Stepwise.Reports.Sections;

/// <summary>
/// The influence section, drawn from a run folder's <c>influence/*.csv</c> (<see cref="InfluenceCsv"/>: what
/// <c>stepwise influence --format csv</c> and <c>stepwise prune</c> write; one file per method, named after it): for each
/// file, the score distribution of every window as a histogram, the flipped-label samples against the clean ones; and the
/// Spearman correlation of every pair of windows (over the samples both read) as a heatmap per file: how influence
/// changes during training. Unreadable lines are skipped with a warning.
/// </summary>
internal static class InfluenceSection
{
    /// <summary>Histogram bins per window.</summary>
    public const int Bins = 24;

    private const string Flipped = "flipped label", Clean = "clean label", All = "all samples";

    /// <summary>The section of <paramref name="files"/>.</summary>
    public static ReportSection Build(RunData run, IReadOnlyList<string> files)
    {
        var blocks = new List<ReportBlock>
        {
            new ReportBlock.NoteBlock("Sign: " + InfluenceReport.SignRule + ". A window [a, b] is updates a..b inclusive."),
        };
        var read = new List<(string Method, IReadOnlyList<InfluenceCsvRow> Rows)>();
        foreach (string file in files)
        {
            var problems = new List<string>();
            IReadOnlyList<InfluenceCsvRow> rows;
            try
            {
                rows = InfluenceCsv.Read(file, problems);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                run.Warnings.Add($"influence/{Path.GetFileName(file)}: cannot be read ({e.Message}); left out");
                continue;
            }
            run.Warnings.AddRange(problems.Select(p => "influence/" + p));
            if (rows.Count == 0) continue;
            read.Add((Path.GetFileNameWithoutExtension(file), rows));
        }
        if (read.Count == 0)
        {
            blocks.Add(new ReportBlock.NoteBlock("No influence rows could be read from influence/*.csv."));
            return new ReportSection("influence", "Influence", blocks);
        }
        foreach (var (method, rows) in read) blocks.Add(new ReportBlock.ChartBlock(Distributions(method, rows)));
        if (read.Any(r => Windows(r.Rows).Count > 1)) blocks.Add(new ReportBlock.ChartBlock(Correlations(read)));
        return new ReportSection("influence", "Influence", blocks);
    }

    /// <summary>The windows of <paramref name="rows"/>, by start.</summary>
    private static List<StepWindow> Windows(IReadOnlyList<InfluenceCsvRow> rows) => [.. rows.Select(r => r.Window).Distinct().OrderBy(w => w.Start).ThenBy(w => w.End)];

    private static string Label(int index, StepWindow w) => string.Create(CultureInfo.InvariantCulture, $"{index + 1}: updates [{w.Start}, {w.End}]");

    private static Chart Distributions(string method, IReadOnlyList<InfluenceCsvRow> rows)
    {
        var windows = Windows(rows);
        bool noise = rows.Any(r => r.Noisy is not null);
        var (scale, unit) = Unit(rows.Where(r => r.InWindow > 0).Select(r => Math.Abs(r.Influence)).DefaultIfEmpty(0).Max());
        var table = new ChartTable("window", "window_start", "window_end", "group", "stack_order", "bin_start", "bin_end", "samples");
        for (int k = 0; k < windows.Count; k++)
        {
            var w = windows[k];
            var inWindow = rows.Where(r => r.Window == w && r.InWindow > 0).ToList();
            if (inWindow.Count == 0) continue;
            double lo = inWindow.Min(r => r.Influence) / scale, hi = inWindow.Max(r => r.Influence) / scale;
            double width = hi > lo ? (hi - lo) / Bins : Math.Max(Math.Abs(lo), 1e-12) * 1e-3;
            string[] groups = noise ? [Flipped, Clean] : [All];
            foreach (string g in groups)
            {
                var counts = new long[Bins];
                foreach (var r in inWindow)
                {
                    if (noise && (r.Noisy == true) != (g == Flipped)) continue;
                    counts[Math.Clamp((int)((r.Influence / scale - lo) / width), 0, Bins - 1)]++;
                }
                for (int b = 0; b < Bins; b++)
                {
                    if (counts[b] > 0) table.Add(Label(k, w), w.Start, w.End, g, g == Clean ? 1L : 0L, lo + b * width, lo + (b + 1) * width, counts[b]);
                }
            }
        }
        string name = Name(method);
        var color = new JsonObject
        {
            ["field"] = "group", ["type"] = "nominal", ["title"] = null,
            ["scale"] = noise
                ? new JsonObject { ["domain"] = new JsonArray(Flipped, Clean), ["range"] = new JsonArray(Palette.Vermillion, Palette.Blue) }
                : new JsonObject { ["domain"] = new JsonArray(All), ["range"] = new JsonArray(Palette.Blue) },
        };
        var spec = new JsonObject
        {
            ["title"] = new JsonObject
            {
                ["text"] = $"{name}: score distribution per window",
                ["subtitle"] = Vl.Array(Vl.Lines(string.Join(" · ", new[]
                {
                    "samples per score bin (each window on its own scale)",
                    noise ? "stacked: labels the noise flipped (vermillion, below), clean labels (blue)" : "no injected label noise",
                    "low scores: removing the sample would lower the query loss (it hurt)",
                }))),
            },
            ["config"] = Vl.Config(),
            ["data"] = new JsonObject { ["name"] = "table" },
            ["columns"] = Math.Min(windows.Count, 5),
            ["facet"] = new JsonObject
            {
                ["field"] = "window", ["type"] = "ordinal", ["title"] = null,
                ["sort"] = new JsonArray([.. windows.Select((w, k) => (JsonNode?)JsonValue.Create(Label(k, w)))]),
                ["header"] = new JsonObject { ["labelFontSize"] = 11.5, ["labelColor"] = "#3b444d" },
            },
            ["spec"] = new JsonObject
            {
                ["width"] = 168,
                ["height"] = 150,
                ["mark"] = new JsonObject { ["type"] = "bar", ["opacity"] = 0.85, ["binSpacing"] = 0 },
                ["encoding"] = new JsonObject
                {
                    ["x"] = new JsonObject
                    {
                        ["field"] = "bin_start", ["type"] = "quantitative", ["bin"] = new JsonObject { ["binned"] = true }, ["title"] = $"influence ({unit})",
                        ["axis"] = new JsonObject { ["format"] = "~g", ["tickCount"] = 4, ["labelAngle"] = 0 },
                    },
                    ["x2"] = new JsonObject { ["field"] = "bin_end" },
                    ["y"] = new JsonObject { ["field"] = "samples", ["type"] = "quantitative", ["stack"] = "zero", ["title"] = "samples" },
                    ["color"] = color,
                    ["order"] = new JsonObject { ["field"] = "stack_order", ["type"] = "quantitative" },
                    ["tooltip"] = new JsonArray(Vl.N("window"), Vl.N("group"), Vl.Q("bin_start", $"from ({unit})", ".3~g"), Vl.Q("bin_end", $"to ({unit})", ".3~g"), Vl.Q("samples", "samples")),
                },
            },
            ["resolve"] = new JsonObject { ["scale"] = new JsonObject { ["x"] = "independent", ["y"] = "independent" } },
        };
        return new Chart("influence-scores-" + TrainingSection.Slug(method), spec, table, Wide: true);
    }

    private static Chart Correlations(IReadOnlyList<(string Method, IReadOnlyList<InfluenceCsvRow> Rows)> read)
    {
        var table = new ChartTable("method", "window_a", "window_b", "spearman", "samples");
        int most = 0;
        foreach (var (method, rows) in read)
        {
            var windows = Windows(rows);
            most = Math.Max(most, windows.Count);
            var scores = windows.Select(w => rows.Where(r => r.Window == w).ToDictionary(r => r.Sample)).ToList();
            for (int a = 0; a < windows.Count; a++)
            {
                for (int b = 0; b < windows.Count; b++)
                {
                    var both = scores[a].Keys.Where(j => scores[a][j].InWindow > 0 && scores[b].TryGetValue(j, out var o) && o.InWindow > 0).Order().ToList();
                    double rho = RankStatistics.Spearman([.. both.Select(j => scores[a][j].Influence)], [.. both.Select(j => scores[b][j].Influence)]);
                    table.Add(Name(method), string.Create(CultureInfo.InvariantCulture, $"{a + 1}"), string.Create(CultureInfo.InvariantCulture, $"{b + 1}"), rho, (long)both.Count);
                }
            }
        }
        int cell = 40;
        var spec = new JsonObject
        {
            ["title"] = new JsonObject
            {
                ["text"] = "Rank correlation between windows",
                ["subtitle"] = Vl.Array(Vl.Lines("Spearman's ρ of two windows' scores over the samples both read · window k = the k-th window by start · how the influence ranking changes during training")),
            },
            ["config"] = Vl.Config(),
            ["data"] = new JsonObject { ["name"] = "table" },
            ["facet"] = new JsonObject { ["field"] = "method", ["type"] = "nominal", ["title"] = null, ["header"] = new JsonObject { ["labelFontSize"] = 12, ["labelColor"] = "#3b444d" } },
            ["spec"] = new JsonObject
            {
                ["width"] = cell * most,
                ["height"] = cell * most,
                ["encoding"] = new JsonObject
                {
                    ["x"] = new JsonObject { ["field"] = "window_a", ["type"] = "ordinal", ["title"] = "window", ["axis"] = new JsonObject { ["labelAngle"] = 0 } },
                    ["y"] = new JsonObject { ["field"] = "window_b", ["type"] = "ordinal", ["title"] = "window" },
                },
                ["layer"] = new JsonArray(
                    new JsonObject
                    {
                        ["mark"] = new JsonObject { ["type"] = "rect" },
                        ["encoding"] = new JsonObject
                        {
                            ["color"] = new JsonObject
                            {
                                ["field"] = "spearman", ["type"] = "quantitative", ["title"] = "Spearman ρ",
                                ["scale"] = new JsonObject { ["scheme"] = "blueorange", ["domain"] = new JsonArray(-1, 1), ["reverse"] = true },
                                ["legend"] = new JsonObject { ["orient"] = "right", ["direction"] = "vertical", ["gradientLength"] = 120 },
                            },
                            ["tooltip"] = new JsonArray(Vl.N("method"), Vl.N("window_a", "window"), Vl.N("window_b", "and window"), Vl.Q("spearman", "Spearman ρ", ".3f"), Vl.Q("samples", "samples both read")),
                        },
                    },
                    new JsonObject
                    {
                        ["mark"] = new JsonObject { ["type"] = "text", ["fontSize"] = 10.5 },
                        ["encoding"] = new JsonObject
                        {
                            ["text"] = new JsonObject { ["field"] = "spearman", ["type"] = "quantitative", ["format"] = ".2f" },
                            ["color"] = new JsonObject { ["condition"] = new JsonObject { ["test"] = "abs(datum.spearman) > 0.6", ["value"] = "white" }, ["value"] = "#1d232b" },
                        },
                    }),
            },
        };
        return new Chart("influence-rank-correlation", spec, table);
    }

    /// <summary>The power of ten the scores are drawn in (so that axis labels read 1.5, not 1.5e-3) and its unit's name:
    /// 10^e with e = floor(log10 of the largest |score|), or 1 when e is −1..1.</summary>
    internal static (double Scale, string Unit) Unit(double largest)
    {
        if (!(largest > 0) || !double.IsFinite(largest)) return (1, "nats of query loss");
        int e = (int)Math.Floor(Math.Log10(largest));
        if (e is >= -1 and <= 1) return (1, "nats of query loss");
        string sup = new([.. e.ToString(CultureInfo.InvariantCulture).Select(c => c == '-' ? '⁻' : "⁰¹²³⁴⁵⁶⁷⁸⁹"[c - '0'])]);
        return (Math.Pow(10, e), $"10{sup} nats of query loss");
    }

    /// <summary>A method's display name: TIM and TracIn for the pruning experiment's files, else the file's name.</summary>
    internal static string Name(string method) => method switch { "tim" => "TIM", "tracin" => "TracIn", _ => method };
}
