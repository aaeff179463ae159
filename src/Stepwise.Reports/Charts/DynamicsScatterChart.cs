using System.Globalization;
using System.Text.Json.Nodes;
using Stepwise.Analysis.Dynamics;
using Stepwise.Reports.Page;

namespace Stepwise.Reports.Charts;

/// <summary>
/// Seed 002's second figure: memorization against compression at up to four key epochs (the first, the last and two
/// between), one point per passage (trained and novel), at the transition and score chosen on the page (default: the
/// middle transition, the absolute score, as seed 002 draws it), with the memorization threshold as a rule and the
/// corrected trained-vs-novel test of results.json in each panel. More than <see cref="MaxPoints"/> passages are
/// thinned, and the chart says so.
/// </summary>
internal static class DynamicsScatterChart
{
    /// <summary>At most this many key epochs.</summary>
    public const int MaxPanels = 4;

    /// <summary>Passages drawn per panel at most: beyond, one in every k of the measured order (trained, then novel).</summary>
    public const int MaxPoints = 1000;

    /// <summary>The key epochs' positions among <paramref name="count"/> measured epochs: all of up to four, else the first,
    /// the last and the two at one and two thirds.</summary>
    public static IReadOnlyList<int> KeyEpochs(int count) => count <= MaxPanels
        ? [.. Enumerable.Range(0, count)]
        : [.. new[] { 0, (int)Math.Round((count - 1) / 3.0), (int)Math.Round(2 * (count - 1) / 3.0), count - 1 }.Distinct()];

    /// <summary>The chart of <paramref name="results"/>.</summary>
    public static Chart Build(DynamicsResults results)
    {
        var report = results.Report;
        int transitions = report.Transitions;
        double threshold = results.Parameters.MemorizedThreshold;
        var keys = KeyEpochs(report.Epochs.Count);
        var table = new ChartTable(["epoch", "step", "index", "group", "accuracy", "memorized", "accuracy_fixed", "exact", .. DynamicsVl.ScoreColumns(transitions)]);
        int passages = report.Epochs[0].Passages.Count;
        int every = Math.Max(1, (int)Math.Ceiling(passages / (double)MaxPoints));
        foreach (int i in keys)
        {
            var e = report.Epochs[i];
            foreach (var p in e.Passages.Where((_, k) => k % every == 0))
                table.Add([e.Epoch, e.Step, (long)p.Index, p.Trained ? "trained" : "novel", p.Accuracy, p.Memorized, p.AccuracyFixed, p.Exact, .. DynamicsVl.ScoreCells(p, transitions)]);
        }
        var tests = new JsonArray();
        foreach (var (score, list) in report.Membership)
        {
            foreach (var t in list.Where(t => keys.Any(i => report.Epochs[i].Epoch == t.Epoch)))
            {
                string r = t.Correlation.R is { } rv ? rv.ToString("0.00", CultureInfo.InvariantCulture) : "undefined";
                string q = t.QValue is { } qv ? qv.ToString(qv < 1e-3 ? "0.0e0" : "0.000", CultureInfo.InvariantCulture) : "—";
                tests.Add(new JsonObject
                {
                    ["epoch"] = t.Epoch, ["layer"] = t.Layer, ["score"] = DynamicsVl.Key(score),
                    ["label"] = $"trained vs novel: r = {r}, q = {q}{(t.Significant ? " (significant)" : "")}",
                });
            }
        }
        int columns = Math.Max(1, keys.Count);
        int width = Math.Min(420, DynamicsVl.WideWidth / columns - 78);
        var panels = keys.Select((i, k) => Panel(report.Epochs[i], width, k == 0, threshold, tests.Count > 0));
        string subtitle = string.Join(" · ", new[]
        {
            string.Create(CultureInfo.InvariantCulture, $"one point per passage ({results.Trained.Count} trained, {results.Novel.Count} novel) at {(keys.Count < report.Epochs.Count ? "key epochs (first, last and two between)" : "every measured epoch")}"),
            string.Create(CultureInfo.InvariantCulture, $"y: seed 002's accuracy (greedy continuation of the first third); dashed: memorized at ≥ {threshold:0.##}"),
            "x: the compression score and transition chosen below (default the middle transition, as seed 002 draws it)",
            "r: point-biserial of compression with membership, q: Benjamini–Hochberg adjusted (results.json)",
            every > 1 ? string.Create(CultureInfo.InvariantCulture, $"one passage in every {every} drawn ({passages:N0} measured)") : null,
        }.Where(x => x is not null));
        var spec = DynamicsVl.Concat("Memorization vs compression at key epochs", subtitle, columns, panels,
            [DynamicsVl.LayerParam(transitions, DynamicsVl.MiddleLayer(transitions)), DynamicsVl.ScoreParam()], new JsonObject { ["tests"] = tests });
        spec["resolve"] = new JsonObject { ["scale"] = new JsonObject { ["x"] = "independent", ["color"] = "shared" } };
        return new Chart("dynamics-memorization-vs-compression", spec, table, Wide: true);
    }

    private static JsonObject Panel(EpochMeasurement e, int width, bool first, double threshold, bool withTests)
    {
        var layers = new JsonArray
        {
            new JsonObject
            {
                ["transform"] = new JsonArray(
                    new JsonObject { ["filter"] = string.Create(CultureInfo.InvariantCulture, $"datum.epoch === {e.Epoch}") },
                    new JsonObject { ["calculate"] = DynamicsVl.SelectedScore, ["as"] = "compression" },
                    new JsonObject { ["filter"] = "isValid(datum.compression) && isValid(datum.accuracy)" }),
                ["mark"] = new JsonObject { ["type"] = "point", ["filled"] = true, ["size"] = 34, ["opacity"] = 0.75 },
                ["encoding"] = new JsonObject
                {
                    ["x"] = Vl.Q("compression", "compression (chosen score, transition)").With("scale", new JsonObject { ["zero"] = false }).With("axis", new JsonObject { ["tickCount"] = 5 }),
                    ["y"] = Vl.Q("accuracy", first ? "memorization accuracy" : "").With("axis", new JsonObject { ["format"] = ".0%" }).With("scale", new JsonObject { ["domain"] = new JsonArray(0, 1) }),
                    ["color"] = new JsonObject
                    {
                        ["field"] = "group", ["type"] = "nominal", ["title"] = "passages",
                        ["scale"] = new JsonObject { ["domain"] = new JsonArray("trained", "novel"), ["range"] = new JsonArray(Palette.Blue, Palette.Orange) },
                    },
                    ["shape"] = new JsonObject
                    {
                        ["field"] = "group", ["type"] = "nominal", ["title"] = "passages",
                        ["scale"] = new JsonObject { ["domain"] = new JsonArray("trained", "novel"), ["range"] = new JsonArray("circle", "triangle-up") },
                    },
                    ["tooltip"] = new JsonArray(Vl.Q("index", "passage"), Vl.N("group", "passages"), Vl.Q("epoch"), Vl.Q("accuracy", "accuracy", ".3f"),
                        Vl.N("memorized"), Vl.Q("accuracy_fixed", "accuracy (32/32 rule)", ".3f"), Vl.N("exact", "exact (32/32)"), Vl.Q("compression", "compression", ".4f")),
                },
            },
            new JsonObject
            {
                ["mark"] = new JsonObject { ["type"] = "rule", ["color"] = Palette.Vermillion, ["strokeDash"] = new JsonArray(6, 3), ["strokeWidth"] = 1.2 },
                ["encoding"] = new JsonObject { ["y"] = new JsonObject { ["datum"] = threshold } },
            },
        };
        if (withTests)
        {
            layers.Add(new JsonObject
            {
                ["data"] = new JsonObject { ["name"] = "tests" },
                ["transform"] = new JsonArray(new JsonObject { ["filter"] = string.Create(CultureInfo.InvariantCulture, $"datum.epoch === {e.Epoch} && datum.layer == layer && datum.score == score") }),
            ["mark"] = new JsonObject { ["type"] = "text", ["align"] = "left", ["baseline"] = "bottom", ["x"] = 0, ["y"] = -4, ["fontSize"] = 10.5, ["color"] = "#3b444d" },
                ["encoding"] = new JsonObject { ["text"] = new JsonObject { ["field"] = "label" } },
            });
        }
        return new JsonObject
        {
            ["title"] = new JsonObject { ["text"] = string.Create(CultureInfo.InvariantCulture, $"epoch {e.Epoch} (step {e.Step:N0})"), ["fontSize"] = 12.5, ["fontWeight"] = 600, ["anchor"] = "start", ["offset"] = 20 },
            ["width"] = width,
            ["height"] = 210,
            ["data"] = new JsonObject { ["name"] = "table" },
            ["layer"] = layers,
        };
    }
}
