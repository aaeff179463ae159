using System.Globalization;
using System.Text.Json.Nodes;
using Stepwise.Analysis.Dynamics;
using Stepwise.Reports.Page;

namespace Stepwise.Reports.Charts;

/// <summary>
/// Seed 002's heatmap: per layer transition (rows) and measured epoch (columns), results.json's trained mean − novel
/// mean compression, on a diverging blue–orange scale centred at 0 and symmetric about it (so equal differences of
/// either sign are equally strong), each cell labelled with its value (2 significant digits) and a star when the
/// trained-vs-novel test survives the Benjamini–Hochberg correction. One chart per score.
/// </summary>
internal static class DynamicsHeatmapChart
{
    /// <summary>The chart of <paramref name="score"/>.</summary>
    public static Chart Build(DynamicsResults results, CompressionScore score)
    {
        var report = results.Report;
        var table = new ChartTable("transition", "layer", "epoch", "step", "difference", "mean_trained", "mean_novel", "r", "p_value", "q_value", "significant", "cohens_d");
        var rows = report.Heatmaps.TryGetValue(score, out var h) ? h : [];
        var tests = report.Membership.TryGetValue(score, out var m) ? m : [];
        double extreme = 0;
        for (int l = 0; l < rows.Count; l++)
        {
            for (int i = 0; i < rows[l].Count && i < report.Epochs.Count; i++)
            {
                var e = report.Epochs[i];
                var t = tests.FirstOrDefault(x => x.Layer == l && x.Epoch == e.Epoch);
                double d = rows[l][i];
                if (double.IsFinite(d)) extreme = Math.Max(extreme, Math.Abs(d));
                table.Add(DynamicsVl.Transition(l), (long)l, e.Epoch, e.Step, d, t?.Effect.MeanFirst ?? double.NaN, t?.Effect.MeanSecond ?? double.NaN,
                    t?.Correlation.R ?? double.NaN, t?.Correlation.PValue ?? double.NaN, t?.QValue ?? double.NaN, t?.Significant ?? false, t?.Effect.CohensD ?? double.NaN);
            }
        }
        if (extreme == 0) extreme = 1;
        string m1 = ChartTable.Number(extreme);
        var epochOrder = new JsonArray([.. report.Epochs.Select(e => (JsonNode?)JsonValue.Create(e.Epoch))]);
        var x = new JsonObject { ["field"] = "epoch", ["type"] = "ordinal", ["title"] = "epoch", ["sort"] = epochOrder, ["axis"] = new JsonObject { ["labelAngle"] = 0 } };
        var y = new JsonObject
        {
            ["field"] = "transition", ["type"] = "ordinal", ["title"] = "layer transition ℓ→ℓ+1 (0 = embedding)",
            ["sort"] = Vl.Array(Enumerable.Range(0, rows.Count).Select(DynamicsVl.Transition)),
        };
        var tooltip = new JsonArray(Vl.N("transition"), Vl.Q("epoch"), Vl.Q("step"), Vl.Q("difference", "trained − novel", ".4f"),
            Vl.Q("mean_trained", "mean, trained", ".4f"), Vl.Q("mean_novel", "mean, novel", ".4f"), Vl.Q("r", "point-biserial r", ".3f"),
            Vl.Q("p_value", "p (raw)", ".3g"), Vl.Q("q_value", "q (BH-adjusted)", ".3g"), Vl.N("significant", "significant (q ≤ 0.05)"), Vl.Q("cohens_d", "Cohen's d", ".2f"));
        var cells = new JsonObject
        {
            ["transform"] = new JsonArray(new JsonObject { ["filter"] = "isValid(datum.difference)" }),
            ["mark"] = new JsonObject { ["type"] = "rect", ["stroke"] = "#ffffff", ["strokeWidth"] = 1 },
            ["encoding"] = new JsonObject
            {
                ["x"] = x,
                ["y"] = y,
                ["color"] = new JsonObject
                {
                    ["field"] = "difference", ["type"] = "quantitative", ["title"] = "trained − novel",
                    ["scale"] = new JsonObject { ["scheme"] = "blueorange", ["domain"] = new JsonArray(-extreme, extreme), ["domainMid"] = 0 },
                    ["legend"] = new JsonObject { ["orient"] = "right", ["direction"] = "vertical", ["gradientLength"] = Math.Min(120, Math.Max(90, 30 * rows.Count) - 10), ["format"] = ".2r" },
                },
                ["tooltip"] = tooltip,
            },
        };
        var labels = new JsonObject
        {
            ["transform"] = new JsonArray(
                new JsonObject { ["filter"] = "isValid(datum.difference)" },
                new JsonObject { ["calculate"] = "format(datum.difference, '+.2r') + (datum.significant ? '*' : '')", ["as"] = "label" }),
            ["mark"] = new JsonObject { ["type"] = "text", ["fontSize"] = 10.5 },
            ["encoding"] = new JsonObject
            {
                ["x"] = x.DeepClone(),
                ["y"] = y.DeepClone(),
                ["text"] = new JsonObject { ["field"] = "label" },
                ["color"] = new JsonObject { ["condition"] = new JsonObject { ["test"] = $"abs(datum.difference) > 0.6 * {m1}", ["value"] = "#ffffff" }, ["value"] = "#1d232b" },
                ["tooltip"] = tooltip.DeepClone(),
            },
        };
        int significant = tests.Count(t => t.Significant);
        string subtitle = string.Join(" · ", new[]
        {
            DynamicsVl.ScoreTitle(score) + ": trained mean − novel mean",
            "orange: trained passages score higher",
            "blue: lower; centred at 0",
            string.Create(CultureInfo.InvariantCulture, $"*: trained vs novel significant after Benjamini–Hochberg (q ≤ 0.05): {significant} of {tests.Count} tests"),
        });
        int height = Math.Max(90, 30 * rows.Count);
        var spec = DynamicsVl.Layered(score == CompressionScore.Absolute ? "Trained − novel compression: absolute score" : "Trained − novel compression: scale-free score",
            subtitle, height, false, cells, labels);
        return new Chart("dynamics-heatmap-" + DynamicsVl.ScoreSlug(score), spec, table);
    }
}
