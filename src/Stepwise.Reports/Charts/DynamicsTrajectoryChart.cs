using System.Globalization;
using System.Text.Json.Nodes;
using Stepwise.Analysis.Dynamics;
using Stepwise.Analysis.Dynamics.Statistics;
using Stepwise.Reports.Page;

namespace Stepwise.Reports.Charts;

/// <summary>
/// Seed 002's first figure: per layer transition, the mean compression of the trained passages at each measured epoch
/// (the points the analyses fit), the novel passages' mean beside it, and the fitted parabola of results.json —
/// against the epoch or against ln(epoch), chosen on the page — with its shape, R² and the F-test of the quadratic
/// term; a dashed rule at the first epoch at which more than half of the trained passages are memorized. One chart per
/// score, one panel per transition, each panel with its own y scale.
/// </summary>
internal static class DynamicsTrajectoryChart
{
    /// <summary>Points per drawn parabola (evenly spaced on the log-epoch axis).</summary>
    public const int CurvePoints = 64;

    private const string Trained = "trained passages (fitted)", Novel = "novel passages", Fitted = "fitted parabola";

    /// <summary>The chart of <paramref name="score"/>.</summary>
    public static Chart Build(DynamicsResults results, CompressionScore score)
    {
        var report = results.Report;
        int transitions = report.Transitions;
        var epochs = report.Epochs.Select(e => e.Epoch).ToList();
        var table = new ChartTable("transition", "layer", "epoch", "step", "mean_trained", "mean_novel", "fit_epoch", "fit_log_epoch");
        var curves = new JsonArray();
        var fits = new JsonArray();
        for (int l = 0; l < transitions; l++)
        {
            var byAxis = report.Trajectories.Where(t => t.Layer == l && t.Score == score).ToDictionary(t => t.Axis, StringComparer.Ordinal);
            for (int i = 0; i < epochs.Count; i++)
            {
                var e = report.Epochs[i];
                double trained = byAxis.TryGetValue("epoch", out var t) && i < t.Means.Count ? t.Means[i] : DynamicsVl.Mean(e.Passages.Where(p => p.Trained).Select(p => Score(p, l, score)));
                double novel = DynamicsVl.Mean(e.Passages.Where(p => !p.Trained).Select(p => Score(p, l, score)));
                table.Add(DynamicsVl.Transition(l), (long)l, e.Epoch, e.Step, trained, novel, Fit(byAxis, "epoch", e.Epoch), Fit(byAxis, "log_epoch", e.Epoch));
            }
            foreach (string axis in new[] { "epoch", "log_epoch" })
            {
                if (!byAxis.TryGetValue(axis, out var fit)) continue;
                fits.Add(new JsonObject { ["layer"] = l, ["axis"] = axis, ["label"] = Label(fit.Fit) });
                if (fit.Fit.A is null || epochs.Count == 0) continue;
                double lo = Math.Log(epochs.Min()), hi = Math.Log(epochs.Max());
                for (int k = 0; k < CurvePoints; k++)
                {
                    // the epoch as the page writes it (7 digits), so that the point lies on the parabola as drawn
                    double x = double.Parse(ChartTable.Number(Math.Exp(lo + (hi - lo) * k / (CurvePoints - 1))), CultureInfo.InvariantCulture);
                    double y = Fit(byAxis, axis, x);
                    if (double.IsFinite(y)) curves.Add(new JsonObject { ["layer"] = l, ["axis"] = axis, ["epoch"] = JsonNode.Parse(ChartTable.Number(x)), ["fit"] = JsonNode.Parse(ChartTable.Number(y)) });
                }
            }
        }
        var onset = report.Summaries.FirstOrDefault(s => s.MemorizationRate > 0.5);
        var datasets = new JsonObject { ["curves"] = curves, ["fits"] = fits };
        if (onset is not null)
            datasets["onset"] = new JsonArray(new JsonObject { ["epoch"] = onset.Epoch, ["label"] = string.Create(CultureInfo.InvariantCulture, $"epoch {onset.Epoch}: {onset.MemorizationRate:P0} of trained passages memorized (first above 50 %)") });
        int columns = Math.Clamp(transitions, 1, 4);
        int width = DynamicsVl.WideWidth / columns - 78;
        var panels = Enumerable.Range(0, transitions).Select(l => Panel(l, score, epochs, width, l % columns == 0, curves.Count > 0, onset is not null));
        string subtitle = string.Join(" · ", new[]
        {
            string.Create(CultureInfo.InvariantCulture, $"{DynamicsVl.ScoreTitle(score)}: mean over {results.Trained.Count} trained passages at each measured epoch (blue) and over {results.Novel.Count} novel ones (small, grey)"),
            "orange: the least-squares parabola of results.json against the axis chosen below; its shape at α = 0.05 (F-test of the quadratic term) in each panel",
            onset is not null ? "dashed: first epoch with more than half of the trained passages memorized" : "no epoch has more than half of the trained passages memorized",
            "each panel has its own y scale",
        });
        var fitParam = new JsonObject
        {
            ["name"] = "fit",
            ["value"] = "epoch",
            ["bind"] = new JsonObject { ["input"] = "radio", ["options"] = new JsonArray("epoch", "log_epoch"), ["labels"] = new JsonArray("epoch (seed 002)", "ln(epoch)"), ["name"] = "fit against " },
        };
        var spec = DynamicsVl.Concat(score == CompressionScore.Absolute ? "Compression trajectories per layer: absolute score" : "Compression trajectories per layer: scale-free score",
            subtitle, columns, panels, [fitParam], datasets);
        spec["resolve"] = new JsonObject { ["scale"] = new JsonObject { ["y"] = "independent", ["color"] = "shared" }, ["legend"] = new JsonObject { ["color"] = "shared" } };
        return new Chart("dynamics-trajectories-" + DynamicsVl.ScoreSlug(score), spec, table, Wide: true);
    }

    private static double Score(PassageMeasurement p, int layer, CompressionScore score) => layer < p.Compression.Count ? DynamicsAnalysis.Value(p, layer, score) : double.NaN;

    /// <summary>ŷ of the parabola fitted against <paramref name="axis"/> at epoch <paramref name="epoch"/> (NaN without one).</summary>
    private static double Fit(Dictionary<string, TrajectoryFit> byAxis, string axis, double epoch)
    {
        if (!byAxis.TryGetValue(axis, out var t) || t.Fit is not { A: { } a, B: { } b, C: { } c }) return double.NaN;
        double x = axis == "log_epoch" ? Math.Log(epoch) : epoch;
        return a * x * x + b * x + c;
    }

    /// <summary>"u_shaped · R² 0.97 · quadratic term p = 0.015", in the words of docs/dynamics.md.</summary>
    private static string Label(QuadraticFit f)
    {
        string shape = ResultsJson.Name(f.Shape).Replace('_', '-');
        if (f.Shape == TrajectoryShape.Undetermined) return string.Create(CultureInfo.InvariantCulture, $"undetermined ({f.N} epoch(s): a parabola needs 3)");
        string r2 = f.RSquared is { } r ? string.Create(CultureInfo.InvariantCulture, $" · R² {r:0.00}") : "";
        string test = f.QuadraticPValue is { } p ? string.Create(CultureInfo.InvariantCulture, $" · quadratic term p = {P(p)}") : string.Create(CultureInfo.InvariantCulture, $" · {f.N} points: shape of the points, no test");
        return shape + r2 + test;
    }

    private static string P(double p) => p < 1e-4 ? p.ToString("0.0e0", CultureInfo.InvariantCulture) : p.ToString("0.####", CultureInfo.InvariantCulture);

    private static JsonObject Panel(int layer, CompressionScore score, IReadOnlyList<long> epochs, int width, bool firstColumn, bool anyCurve, bool onset)
    {
        string yTitle = firstColumn ? (score == CompressionScore.Absolute ? "mean −ln(S + ε)" : "mean ln(V/S)") : "";
        var color = new JsonObject
        {
            ["field"] = "group", ["type"] = "nominal", ["title"] = null,
            ["scale"] = new JsonObject { ["domain"] = new JsonArray(Trained, Novel, Fitted), ["range"] = new JsonArray(Palette.Blue, Palette.Grey, Palette.Orange) },
        };
        var layers = new JsonArray();
        if (onset)
        {
            layers.Add(new JsonObject
            {
                ["data"] = new JsonObject { ["name"] = "onset" },
                ["mark"] = new JsonObject { ["type"] = "rule", ["color"] = Palette.Vermillion, ["strokeDash"] = new JsonArray(6, 3), ["strokeWidth"] = 1.4 },
                ["encoding"] = new JsonObject { ["x"] = DynamicsVl.EpochX(epochs), ["tooltip"] = new JsonArray(Vl.N("label", "memorization")) },
            });
        }
        if (anyCurve)
        {
            layers.Add(new JsonObject
            {
                ["data"] = new JsonObject { ["name"] = "curves" },
                ["transform"] = new JsonArray(new JsonObject { ["filter"] = string.Create(CultureInfo.InvariantCulture, $"datum.layer === {layer} && datum.axis === fit") }),
                ["mark"] = new JsonObject { ["type"] = "line", ["strokeWidth"] = 2 },
                ["encoding"] = new JsonObject
                {
                    ["x"] = DynamicsVl.EpochX(epochs),
                    ["y"] = Vl.Q("fit", yTitle).With("scale", new JsonObject { ["zero"] = false }),
                    ["color"] = new JsonObject { ["datum"] = Fitted },
                },
            });
        }
        layers.Add(new JsonObject
        {
            ["transform"] = new JsonArray(
                new JsonObject { ["filter"] = string.Create(CultureInfo.InvariantCulture, $"datum.layer === {layer}") },
                // novel first, so that the trained points (the fitted ones) are drawn over them
                new JsonObject { ["fold"] = new JsonArray("mean_novel", "mean_trained"), ["as"] = new JsonArray("key", "value") },
                new JsonObject { ["filter"] = "isValid(datum.value)" },
                new JsonObject { ["calculate"] = $"datum.key === 'mean_trained' ? '{Trained}' : '{Novel}'", ["as"] = "group" }),
            ["mark"] = new JsonObject { ["type"] = "point", ["filled"] = true },
            ["encoding"] = new JsonObject
            {
                ["x"] = DynamicsVl.EpochX(epochs),
                ["y"] = Vl.Q("value", yTitle).With("scale", new JsonObject { ["zero"] = false }),
                ["color"] = color,
                ["size"] = new JsonObject { ["condition"] = new JsonObject { ["test"] = "datum.key === 'mean_novel'", ["value"] = 26 }, ["value"] = 56 },
                ["tooltip"] = new JsonArray(Vl.N("transition"), Vl.N("group", "passages"), Vl.Q("epoch"), Vl.Q("step"),
                    Vl.Q("mean_trained", "mean, trained", ".4f"), Vl.Q("mean_novel", "mean, novel", ".4f"),
                    Vl.Q("fit_epoch", "parabola in epoch", ".4f"), Vl.Q("fit_log_epoch", "parabola in ln(epoch)", ".4f")),
            },
        });
        layers.Add(new JsonObject
        {
            ["data"] = new JsonObject { ["name"] = "fits" },
            ["transform"] = new JsonArray(new JsonObject { ["filter"] = string.Create(CultureInfo.InvariantCulture, $"datum.layer === {layer} && datum.axis === fit") }),
            ["mark"] = new JsonObject { ["type"] = "text", ["align"] = "left", ["baseline"] = "bottom", ["x"] = 0, ["y"] = -4, ["fontSize"] = 10.5, ["color"] = "#3b444d" },
            ["encoding"] = new JsonObject { ["text"] = new JsonObject { ["field"] = "label" } },
        });
        return new JsonObject
        {
            ["title"] = new JsonObject { ["text"] = DynamicsVl.TransitionLong(layer), ["fontSize"] = 12.5, ["fontWeight"] = 600, ["anchor"] = "start", ["offset"] = 20 },
            ["width"] = width,
            ["height"] = 170,
            ["data"] = new JsonObject { ["name"] = "table" },
            ["layer"] = layers,
        };
    }
}
