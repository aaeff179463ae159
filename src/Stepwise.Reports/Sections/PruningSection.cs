using System.Globalization;
using System.Text.Json.Nodes;
using Stepwise.Analysis.Pruning;
using Stepwise.Reports.Charts;
using Stepwise.Reports.Page;

namespace Stepwise.Reports.Sections;

/// <summary>
/// The pruning section, drawn from <c>prune_results.json</c> (<see cref="PruneResultsJson"/>): what the experiment did,
/// the table of every stage × method and baseline (mean ± std over the repeats), the test accuracy and the noise recall
/// as grouped bar charts (one group per stage: TIM, TracIn, random, oracle, none; error bars ± one standard deviation
/// over the repeats), and the best stages. A stopped experiment shows the runs finished so far.
/// </summary>
internal static class PruningSection
{
    private static readonly (PruneMethod Method, string Name, string Color)[] Methods =
    [
        (PruneMethod.Tim, "TIM", Palette.Blue), (PruneMethod.TracIn, "TracIn", Palette.Orange), (PruneMethod.Random, "random", Palette.Grey),
        (PruneMethod.Oracle, "oracle", Palette.Green), (PruneMethod.None, "none", Palette.Black),
    ];

    /// <summary>The section of <paramref name="files"/> (the one prune_results.json).</summary>
    public static ReportSection Build(RunData run, IReadOnlyList<string> files)
    {
        PruneResults results;
        try
        {
            results = PruneResultsJson.Read(File.ReadAllText(files[0]));
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            run.Warnings.Add($"prune_results.json: cannot be read ({e.Message.ReplaceLineEndings(" ")}); the pruning section is left out");
            return new ReportSection("pruning", "Pruning", [new ReportBlock.NoteBlock("prune_results.json cannot be read: " + e.Message)]);
        }
        var blocks = new List<ReportBlock> { new ReportBlock.NoteBlock(Describe(results)) };
        if (!results.Completed)
        {
            run.Warnings.Add($"prune_results.json: the experiment stopped ({results.StopReason}) after {results.Rows.Count} retrained runs; the section shows those");
            blocks.Add(new ReportBlock.NoteBlock($"The experiment stopped ({results.StopReason}) after {results.Rows.Count} retrained runs: only those are shown. Continue it with stepwise prune CONFIG --out {run.Folder.Directory} --resume auto."));
        }
        if (results.Rows.Count == 0) return new ReportSection("pruning", "Pruning", blocks);
        blocks.Add(new ReportBlock.HtmlBlock(Table(results)));
        blocks.Add(new ReportBlock.ChartBlock(Bars(results, "pruning-accuracy", "Test accuracy after retraining", "test accuracy", ".1%", a => a.TestAccuracy, zero: false)));
        if (results.Noisy.Count > 0 && results.Noisy[0].Count > 0)
            blocks.Add(new ReportBlock.ChartBlock(Bars(results, "pruning-recall", "Noise recall of the pruned samples", "flipped labels found (of all flipped)", ".0%", a => a.NoiseRecall, zero: true)));
        if (results.Best.Count > 0) blocks.Add(new ReportBlock.HtmlBlock(BestTable(results)));
        return new ReportSection("pruning", "Pruning", blocks);
    }

    private static string Describe(PruneResults r)
    {
        var s = r.Settings;
        string methods = string.Join(" and ", s.Scorers.Select(m => m == PruneMethod.Tim ? "TIM" : "TracIn"));
        string seeds = r.Seeds.Count == 1 ? $"a single seed ({r.Seeds[0]}): no error bars" : $"{r.Seeds.Count} seeds ({r.Seeds[0]}..{r.Seeds[^1]}): mean ± std";
        return F($"{s.Stages} stage windows of the run trained once ({r.Trained.TrainSamples} samples, {r.Trained.StepsPerEpoch} steps per epoch, {r.Trained.TotalSteps} steps, {s.Noise} of the labels flipped); per window the {r.PruneCount} lowest-scored samples by {methods} (query: the {s.Query} loss) are pruned and the model retrained from the same initial weights on the {r.Retrained.TrainSamples} kept ({r.Retrained.StepsPerEpoch} steps per epoch, {r.Retrained.TotalSteps} steps); baselines: {r.PruneCount} random samples, exactly the flipped ones (oracle), no pruning. Every run is evaluated on the {PruneSettings.TestSplit} split; {seeds}.");
    }

    private static string Table(PruneResults r)
    {
        bool spread = r.Aggregates.Any(a => a.TestAccuracy.N > 1);
        string V(MeanStd? m, string format) => m is null ? "—"
            : spread && m.Std is { } sd ? m.Mean.ToString(format, CultureInfo.InvariantCulture) + " ± " + sd.ToString(format, CultureInfo.InvariantCulture)
            : m.Mean.ToString(format, CultureInfo.InvariantCulture);
        var best = r.Best.Where(b => b.Metric == "test_accuracy").Select(b => (b.Method, b.Stage)).ToHashSet();
        var rows = r.Aggregates.Select(a => (IReadOnlyList<string>)
        [
            a.Stage is { } k ? k.ToString(CultureInfo.InvariantCulture) : "—",
            a.Window is { } w ? F($"[{w.Start}, {w.End}]") : "—",
            Methods.First(m => m.Method == a.Method).Name,
            V(a.TestAccuracy, "0.000"), V(a.TestLoss, "0.000"), V(a.NoiseRecall, "0.000"), V(a.NoisePrecision, "0.000"),
            V(a.DiscoveryAuc, "0.000"), V(a.KMeansF1, "0.000"), V(a.RankCorrelationPrevious, "0.000"),
            V(a.NoisyRankPercentile, "0.0"), V(a.CleanRankPercentile, "0.0"),
        ]).ToList();
        var list = r.Aggregates.ToList();
        return Html.Table(["stage", "window", "method", "test acc", "test loss", "recall", "precision", "AUC", "F1", "ρ prev", "flipped pct", "clean pct"],
            rows, "Every stage × method, mean ± std over the repeats (bold: each method's best stage by test accuracy). Recall, precision: flipped labels among the pruned; AUC: of the discovery curve; F1: 2-means split of the scores; ρ prev: Spearman with the previous stage; pct: mean rank percentile of the flipped and clean samples' scores (0 = lowest)",
            (row, col) => col == 3 && list[row].Stage is { } k && best.Contains((list[row].Method, k)));
    }

    private static string BestTable(PruneResults r)
    {
        var rows = r.Best.Select(b => (IReadOnlyList<string>)
        [
            b.Method == PruneMethod.Tim ? "TIM" : "TracIn",
            b.Metric == "test_accuracy" ? "test accuracy" : "noise recall",
            F($"stage {b.Stage} ({b.Value.Mean:0.0000})"),
            b.RunnerUp is { } second ? F($"stage {second} ({b.RunnerUpValue!.Mean:0.0000})") : "—",
            b.Gap is { } g ? F($"{g:0.0000}") : "—",
            b.Spread is { } s ? F($"{s:0.0000}") : "—",
            b.Separated switch { true => "yes: the gap exceeds the spread", false => "no: within the spread", null => "one seed: no spread" },
        ]).ToList();
        return Html.Table(["method", "by", "best stage", "runner-up", "gap", "spread (larger std)", "separated?"], rows, "Best stages");
    }

    private static Chart Bars(PruneResults r, string id, string title, string yTitle, string format, Func<PruneAggregate, MeanStd?> value, bool zero)
    {
        var table = new ChartTable("stage", "method", "mean", "std", "low", "high", "repeats");
        var windows = r.Trained.Windows;
        var present = Methods.Where(m => r.Aggregates.Any(a => a.Method == m.Method && value(a) is not null)).ToList();
        var stageLabels = new List<string>();
        double lowest = double.PositiveInfinity;
        for (int k = 1; k <= windows.Count; k++)
        {
            string label = F($"stage {k} [{windows[k - 1].Start}, {windows[k - 1].End}]");
            stageLabels.Add(label);
            foreach (var m in present)
            {
                var a = PruneNames.Scores(m.Method) ? r.Aggregate(m.Method, k) : r.Aggregate(m.Method);
                if (a is null || value(a) is not { } v) continue;
                double lo = v.Std is { } sd ? v.Mean - sd : v.Mean, hi = v.Std is { } sd2 ? v.Mean + sd2 : v.Mean;
                lowest = Math.Min(lowest, lo);
                table.Add(label, m.Name, v.Mean, v.Std ?? double.NaN, lo, hi, (long)v.N);
            }
        }
        var domain = new JsonArray([.. present.Select(m => (JsonNode?)JsonValue.Create(m.Name))]);
        var colors = new JsonArray([.. present.Select(m => (JsonNode?)JsonValue.Create(m.Color))]);
        var x = new JsonObject
        {
            ["field"] = "stage", ["type"] = "nominal", ["title"] = null,
            ["sort"] = new JsonArray([.. stageLabels.Select(l => (JsonNode?)JsonValue.Create(l))]),
            ["axis"] = new JsonObject { ["labelAngle"] = 0, ["labelFontSize"] = 11 },
        };
        var xOffset = new JsonObject { ["field"] = "method", ["type"] = "nominal", ["sort"] = domain.DeepClone() };
        var yScale = new JsonObject { ["zero"] = zero };
        double floor = zero || !double.IsFinite(lowest) ? 0 : Math.Max(0, Math.Floor((lowest - 0.02) * 20) / 20);
        if (floor > 0) yScale["domainMin"] = floor;
        var y = new JsonObject { ["field"] = "mean", ["type"] = "quantitative", ["title"] = yTitle, ["axis"] = new JsonObject { ["format"] = format }, ["scale"] = yScale };
        var tooltip = new JsonArray(Vl.N("stage"), Vl.N("method"), Vl.Q("mean", "mean", format), Vl.Q("std", "std over repeats", format), Vl.Q("repeats", "repeats"));
        var bars = new JsonObject
        {
            ["mark"] = new JsonObject { ["type"] = "bar", ["cornerRadiusEnd"] = 2 },
            ["encoding"] = new JsonObject
            {
                ["x"] = x, ["xOffset"] = xOffset, ["y"] = y, ["y2"] = new JsonObject { ["datum"] = floor }, // bars stand on the axis
                ["color"] = new JsonObject { ["field"] = "method", ["type"] = "nominal", ["title"] = null, ["scale"] = new JsonObject { ["domain"] = domain, ["range"] = colors } },
                ["tooltip"] = tooltip,
            },
        };
        var layers = new List<JsonNode> { bars };
        bool spread = r.Aggregates.Any(a => value(a)?.Std is not null);
        if (spread)
        {
            layers.Add(new JsonObject
            {
                ["transform"] = new JsonArray(new JsonObject { ["filter"] = "isValid(datum.std)" }),
                ["mark"] = new JsonObject { ["type"] = "rule", ["color"] = "#1d232b", ["strokeWidth"] = 1.4, ["clip"] = true },
                ["encoding"] = new JsonObject
                {
                    ["x"] = x.DeepClone(), ["xOffset"] = xOffset.DeepClone(),
                    ["y"] = new JsonObject { ["field"] = "low", ["type"] = "quantitative", ["scale"] = yScale.DeepClone() },
                    ["y2"] = new JsonObject { ["field"] = "high" },
                    ["tooltip"] = tooltip.DeepClone(),
                },
            });
        }
        string subtitle = string.Join(" · ", new[]
        {
            "one group per stage window; random, oracle and none do not depend on the stage (the same bar in every group)",
            spread ? "error bars: ± one standard deviation over the repeats" : "a single seed: no error bars",
            zero ? null : "the axis does not start at 0",
        }.Where(p => p is not null));
        var spec = Vl.Layered(title, subtitle, 280, [.. layers]);
        return new Chart(id, spec, table, Wide: true);
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
