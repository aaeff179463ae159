using System.Globalization;
using System.Text.Json.Nodes;
using Stepwise.Analysis.Dynamics;
using Stepwise.Reports.Page;

namespace Stepwise.Reports.Charts;

/// <summary>
/// Seed 002's individual trajectories: a readable subset of trained passages — <see cref="Shown"/> of them, spread
/// evenly over their accuracy at the last measured epoch (ranked by it, ties by index), as seed 002 picks its ten —
/// drawn in colour over every trained passage in faint grey: memorization accuracy per epoch (left) and compression at
/// the transition and score chosen on the page (right). The table (and its CSV) holds every trained passage, or one in
/// every k of more than <see cref="MaxBackground"/>.
/// </summary>
internal static class DynamicsPassagesChart
{
    /// <summary>Passages drawn in colour: as many as the palette tells apart on white (its yellow is left out).</summary>
    public const int Shown = 7;

    /// <summary>Trained passages drawn in grey at most: beyond, one in every k in source order (and the coloured ones).</summary>
    public const int MaxBackground = 400;

    /// <summary>The source indices of the passages drawn in colour, in order of final accuracy.</summary>
    public static IReadOnlyList<int> Pick(EpochMeasurement final)
    {
        ArgumentNullException.ThrowIfNull(final);
        var ranked = final.Passages.Where(p => p.Trained).OrderBy(p => double.IsFinite(p.Accuracy) ? p.Accuracy : -1).ThenBy(p => p.Index).ToList();
        if (ranked.Count <= Shown) return [.. ranked.Select(p => p.Index)];
        return [.. Enumerable.Range(0, Shown).Select(i => ranked[(int)Math.Round(i * (ranked.Count - 1) / (double)(Shown - 1))].Index).Distinct()];
    }

    /// <summary>The chart of <paramref name="results"/> (at least one measured epoch).</summary>
    public static Chart Build(DynamicsResults results)
    {
        var report = results.Report;
        int transitions = report.Transitions;
        var final = report.Epochs[^1];
        var shown = Pick(final);
        var finalAccuracy = final.Passages.Where(p => p.Trained).ToDictionary(p => p.Index, p => p.Accuracy);
        string Label(int index) => string.Create(CultureInfo.InvariantCulture, $"#{index} (final {finalAccuracy[index]:0.00})");
        var table = new ChartTable(["index", "passage", "shown", "final_accuracy", "epoch", "step", "accuracy", "memorized", "exact", .. DynamicsVl.ScoreColumns(transitions)]);
        int every = Math.Max(1, (int)Math.Ceiling(finalAccuracy.Count / (double)MaxBackground));
        var background = final.Passages.Where(p => p.Trained).Where((_, k) => k % every == 0).Select(p => p.Index).Concat(shown).ToHashSet();
        foreach (var e in report.Epochs)
        {
            foreach (var p in e.Passages.Where(p => p.Trained && finalAccuracy.ContainsKey(p.Index) && background.Contains(p.Index)))
            {
                bool s = shown.Contains(p.Index);
                table.Add([(long)p.Index, s ? Label(p.Index) : null, s, finalAccuracy[p.Index], e.Epoch, e.Step, p.Accuracy, p.Memorized, p.Exact, .. DynamicsVl.ScoreCells(p, transitions)]);
            }
        }
        var epochs = report.Epochs.Select(e => e.Epoch).ToList();
        var domain = Vl.Array(shown.Select(Label));
        int width = DynamicsVl.WideWidth / 2 - 90;
        string subtitle = string.Join(" · ", new[]
        {
            string.Create(CultureInfo.InvariantCulture, $"{shown.Count} of {finalAccuracy.Count} trained passages in colour, spread evenly over their accuracy at epoch {final.Epoch} (ranked, ties by index)"),
            every > 1 ? string.Create(CultureInfo.InvariantCulture, $"in grey: one in every {every} of the others (all of these are in the CSV)") : "in grey: every other trained passage (all are in the CSV)",
            string.Create(CultureInfo.InvariantCulture, $"left: seed 002's accuracy, dashed at the memorization threshold {results.Parameters.MemorizedThreshold:0.##}; right: the compression score and transition chosen below"),
        });
        var panels = new[]
        {
            Panel("Memorization accuracy per passage", "accuracy", "accuracy (share of target reproduced)", ".0%", epochs, width, domain, results.Parameters.MemorizedThreshold),
            Panel("Compression per passage", "compression", "compression (chosen score, transition)", "~g", epochs, width, domain, null),
        };
        var spec = DynamicsVl.Concat("Individual passages' trajectories", subtitle, 2, panels,
            [DynamicsVl.LayerParam(transitions, DynamicsVl.MiddleLayer(transitions)), DynamicsVl.ScoreParam()], new JsonObject());
        spec["resolve"] = new JsonObject { ["scale"] = new JsonObject { ["color"] = "shared" }, ["legend"] = new JsonObject { ["color"] = "shared" } };
        return new Chart("dynamics-passages", spec, table, Wide: true);
    }

    private static JsonObject Panel(string title, string field, string yTitle, string format, IReadOnlyList<long> epochs, int width, JsonArray domain, double? threshold)
    {
        var transform = new JsonArray(new JsonObject { ["calculate"] = DynamicsVl.SelectedScore, ["as"] = "compression" });
        var y = Vl.Q(field, yTitle).With("axis", new JsonObject { ["format"] = format });
        if (field == "accuracy") y["scale"] = new JsonObject { ["domain"] = new JsonArray(0, 1) };
        else y["scale"] = new JsonObject { ["zero"] = false };
        var layers = new JsonArray
        {
            new JsonObject
            {
                ["transform"] = transform.DeepClone(),
                ["mark"] = new JsonObject { ["type"] = "line", ["color"] = Palette.Grey, ["opacity"] = 0.22, ["strokeWidth"] = 1 },
                ["encoding"] = new JsonObject { ["x"] = DynamicsVl.EpochX(epochs), ["y"] = y.DeepClone(), ["detail"] = Vl.N("index") },
            },
            new JsonObject
            {
                ["transform"] = new JsonArray(transform[0]!.DeepClone(), new JsonObject { ["filter"] = "datum.shown" }),
                ["mark"] = new JsonObject { ["type"] = "line", ["strokeWidth"] = 2, ["point"] = new JsonObject { ["filled"] = true, ["size"] = 36 } },
                ["encoding"] = new JsonObject
                {
                    ["x"] = DynamicsVl.EpochX(epochs),
                    ["y"] = y,
                    ["color"] = new JsonObject { ["field"] = "passage", ["type"] = "nominal", ["title"] = "passage (final accuracy)", ["scale"] = new JsonObject { ["domain"] = domain.DeepClone(), ["range"] = Vl.Array(Palette.Categorical.Take(Shown)) } },
                    ["tooltip"] = new JsonArray(Vl.N("passage"), Vl.Q("epoch"), Vl.Q("step"), Vl.Q("accuracy", "accuracy", ".3f"), Vl.N("memorized"), Vl.N("exact", "exact (32/32)"), Vl.Q("compression", "compression", ".4f")),
                },
            },
        };
        if (threshold is { } t)
        {
            layers.Add(new JsonObject
            {
                ["mark"] = new JsonObject { ["type"] = "rule", ["color"] = Palette.Vermillion, ["strokeDash"] = new JsonArray(6, 3), ["strokeWidth"] = 1.2 },
                ["encoding"] = new JsonObject { ["y"] = new JsonObject { ["datum"] = t } },
            });
        }
        return new JsonObject
        {
            ["title"] = new JsonObject { ["text"] = title, ["fontSize"] = 12.5, ["fontWeight"] = 600, ["anchor"] = "start" },
            ["width"] = width,
            ["height"] = 230,
            ["data"] = new JsonObject { ["name"] = "table" },
            ["layer"] = layers,
        };
    }
}
