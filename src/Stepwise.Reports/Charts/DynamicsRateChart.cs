using System.Globalization;
using System.Text.Json.Nodes;
using Stepwise.Analysis.Dynamics;
using Stepwise.Reports.Page;

namespace Stepwise.Reports.Charts;

/// <summary>
/// Seed 002's memorization rate per measured epoch, with the control beside it: the share of trained passages
/// memorized and the share of novel passages "memorized" by the same rule (seed 002 divides by both groups together),
/// by seed 002's rule (accuracy ≥ the threshold, solid) and by the fixed-length rule (all target tokens reproduced,
/// dashed). From results.json's epoch summaries.
/// </summary>
internal static class DynamicsRateChart
{
    /// <summary>The chart of <paramref name="results"/>.</summary>
    public static Chart Build(DynamicsResults results)
    {
        var p = results.Parameters;
        var report = results.Report;
        var table = new ChartTable("epoch", "step", "memorization_rate", "novel_memorization_rate", "exact_rate", "novel_exact_rate",
            "num_memorized", "novel_memorized", "num_exact", "novel_exact", "n_trained", "n_novel");
        foreach (var s in report.Summaries)
        {
            table.Add(s.Epoch, s.Step, s.MemorizationRate, s.NovelMemorizationRate, s.ExactRate, s.NovelExactRate, (long)s.NumMemorized, (long)s.NovelMemorized,
                (long)s.NumExact, (long)s.NovelExact, (long)results.Trained.Count, (long)results.Novel.Count);
        }
        var epochs = report.Epochs.Select(e => e.Epoch).ToList();
        string seedRule = string.Create(CultureInfo.InvariantCulture, $"accuracy ≥ {p.MemorizedThreshold:0.##} (seed 002)");
        string fixedRule = string.Create(CultureInfo.InvariantCulture, $"{p.TargetTokens}/{p.TargetTokens} after {p.PromptTokens} (exact)");
        var line = new JsonObject
        {
            ["transform"] = new JsonArray(
                new JsonObject { ["fold"] = new JsonArray("memorization_rate", "novel_memorization_rate", "exact_rate", "novel_exact_rate"), ["as"] = new JsonArray("key", "value") },
                new JsonObject { ["filter"] = "isValid(datum.value)" },
                new JsonObject { ["calculate"] = "indexof(datum.key, 'novel') === 0 ? 'novel (control)' : 'trained'", ["as"] = "group" },
                new JsonObject { ["calculate"] = $"indexof(datum.key, 'exact') >= 0 ? '{fixedRule}' : '{seedRule}'", ["as"] = "rule" }),
            ["mark"] = new JsonObject { ["type"] = "line", ["point"] = new JsonObject { ["filled"] = true, ["size"] = 40 } },
            ["encoding"] = new JsonObject
            {
                ["x"] = DynamicsVl.EpochX(epochs),
                ["y"] = Vl.Q("value", "share of the group's passages").With("axis", new JsonObject { ["format"] = ".0%" }).With("scale", new JsonObject { ["domain"] = new JsonArray(0, 1) }),
                ["color"] = new JsonObject
                {
                    ["field"] = "group", ["type"] = "nominal", ["title"] = "passages",
                    ["scale"] = new JsonObject { ["domain"] = new JsonArray("trained", "novel (control)"), ["range"] = new JsonArray(Palette.Blue, Palette.Orange) },
                    ["legend"] = new JsonObject { ["orient"] = "right", ["direction"] = "vertical" },
                },
                ["strokeDash"] = new JsonObject
                {
                    ["field"] = "rule", ["type"] = "nominal", ["title"] = "rule",
                    ["scale"] = new JsonObject { ["domain"] = new JsonArray(seedRule, fixedRule), ["range"] = new JsonArray(new JsonArray(1, 0), new JsonArray(6, 3)) },
                    ["legend"] = new JsonObject { ["orient"] = "right", ["direction"] = "vertical", ["symbolStrokeColor"] = Palette.Black },
                },
                ["detail"] = Vl.N("key"),
            },
        };
        var hover = DynamicsVl.EpochHover("hover_rate", epochs, Vl.Q("epoch"), Vl.Q("step"),
            Vl.Q("memorization_rate", "trained, seed rule", ".1%"), Vl.Q("num_memorized", "trained memorized"),
            Vl.Q("novel_memorization_rate", "novel, seed rule", ".1%"), Vl.Q("exact_rate", "trained, exact", ".1%"),
            Vl.Q("novel_exact_rate", "novel, exact", ".1%"), Vl.Q("n_trained", "trained passages"), Vl.Q("n_novel", "novel passages"));
        string subtitle = string.Join(" · ", new[]
        {
            string.Create(CultureInfo.InvariantCulture, $"each group's share of its own passages ({results.Trained.Count} trained, {results.Novel.Count} novel)"),
            "seed 002 divides by both groups together",
            $"solid: {seedRule}",
            $"dashed: {fixedRule}",
        });
        var spec = DynamicsVl.Layered("Memorization rate per epoch", subtitle, 250, true, line, hover);
        return new Chart("dynamics-memorization-rate", spec, table, Wide: true);
    }
}
