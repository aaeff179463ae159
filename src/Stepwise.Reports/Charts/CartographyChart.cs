using System.Globalization;
using System.Text.Json.Nodes;
using Stepwise.Analysis.Dynamics.Cartography;
using Stepwise.Reports.Page;

namespace Stepwise.Reports.Charts;

/// <summary>
/// The data map (Swayamdipta et al. 2020) of a run recorded with <c>dynamics.record: true</c>: one point per train row,
/// variability σ̂ across, confidence μ̂ up, coloured by correctness, with the regions of
/// <see cref="CartographySummary"/> marked (ambiguous at σ̂ ≥ 0.2, else easy at μ̂ ≥ 0.5, else hard-to-learn). A map
/// of more than <see cref="MaxPoints"/> rows draws every k-th row (in row order) and says so; the table holds the rows
/// drawn, the region counts above the chart are over every row.
/// </summary>
internal static class CartographyChart
{
    /// <summary>Rows drawn at most.</summary>
    public const int MaxPoints = 5000;

    /// <summary>The chart of <paramref name="map"/>.</summary>
    public static Chart Build(CartographySummary map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var rows = map.Rows.Where(r => double.IsFinite(r.Confidence)).ToList();
        int every = Math.Max(1, (int)Math.Ceiling(rows.Count / (double)MaxPoints));
        var table = new ChartTable("row", "confidence", "variability", "correctness", "presentations", "forgetting_events", "never_learned", "region");
        for (int i = 0; i < rows.Count; i += every)
        {
            var r = rows[i];
            table.Add(r.Row, r.Confidence, r.Variability, r.Correctness, (long)r.Presentations, (long)r.ForgettingEvents, r.NeverLearned, r.Region);
        }
        double v = CartographySummary.AmbiguousVariability, c = CartographySummary.EasyConfidence;
        var regions = new JsonArray(
            new JsonObject { ["x"] = v, ["x2"] = v, ["y"] = 0, ["y2"] = 1 },
            new JsonObject { ["x"] = 0, ["x2"] = v, ["y"] = c, ["y2"] = c });
        var names = new JsonArray(
            new JsonObject { ["x"] = 0.006, ["y"] = 0.985, ["text"] = "easy-to-learn", ["align"] = "left" },
            new JsonObject { ["x"] = 0.006, ["y"] = 0.015, ["text"] = "hard-to-learn", ["align"] = "left" },
            new JsonObject { ["x"] = 0.494, ["y"] = 0.985, ["text"] = "ambiguous", ["align"] = "right" });
        var xScale = new JsonObject { ["domain"] = new JsonArray(0, 0.5), ["nice"] = false };
        var yScale = new JsonObject { ["domain"] = new JsonArray(0, 1), ["nice"] = false };
        var points = new JsonObject
        {
            ["mark"] = new JsonObject { ["type"] = "point", ["filled"] = true, ["size"] = rows.Count > 2000 ? 14 : 26, ["opacity"] = 0.7 },
            ["encoding"] = new JsonObject
            {
                ["x"] = Vl.Q("variability", "variability σ̂ (std of p(true label) over epochs)").With("scale", xScale),
                ["y"] = Vl.Q("confidence", "confidence μ̂ (mean p(true label) over epochs)").With("scale", yScale),
                ["color"] = new JsonObject
                {
                    ["field"] = "correctness", ["type"] = "quantitative", ["title"] = "correctness",
                    ["scale"] = new JsonObject { ["scheme"] = "viridis", ["domain"] = new JsonArray(0, 1) },
                    ["legend"] = new JsonObject { ["orient"] = "right", ["direction"] = "vertical", ["gradientLength"] = 140, ["format"] = ".0%" },
                },
                ["tooltip"] = new JsonArray(Vl.Q("row", "train row"), Vl.N("region"), Vl.Q("confidence", "confidence", ".3f"), Vl.Q("variability", "variability", ".3f"),
                    Vl.Q("correctness", "correctness", ".0%"), Vl.Q("forgetting_events", "forgetting events"), Vl.Q("presentations", "presentations"), Vl.N("never_learned", "never learned")),
            },
        };
        var bounds = new JsonObject
        {
            ["data"] = new JsonObject { ["name"] = "regions" },
            ["mark"] = new JsonObject { ["type"] = "rule", ["color"] = Palette.Vermillion, ["strokeDash"] = new JsonArray(6, 3), ["strokeWidth"] = 1.4 },
            ["encoding"] = new JsonObject
            {
                ["x"] = Vl.Q("x").With("scale", xScale.DeepClone()), ["x2"] = new JsonObject { ["field"] = "x2" },
                ["y"] = Vl.Q("y").With("scale", yScale.DeepClone()), ["y2"] = new JsonObject { ["field"] = "y2" },
            },
        };
        JsonObject labels(string align) => new()
        {
            ["data"] = new JsonObject { ["name"] = "names" },
            ["transform"] = new JsonArray(new JsonObject { ["filter"] = $"datum.align === '{align}'" }),
            ["mark"] = new JsonObject { ["type"] = "text", ["align"] = align, ["baseline"] = "middle", ["fontSize"] = 12, ["fontWeight"] = 600, ["color"] = Palette.Vermillion },
            ["encoding"] = new JsonObject
            {
                ["x"] = Vl.Q("x").With("scale", xScale.DeepClone()),
                ["y"] = Vl.Q("y").With("scale", yScale.DeepClone()),
                ["text"] = new JsonObject { ["field"] = "text" },
            },
        };
        string subtitle = string.Join(" · ", new[]
        {
            string.Create(CultureInfo.InvariantCulture, $"one point per train row over {map.Epochs} complete epoch(s), from each update's own training forward pass"),
            string.Create(CultureInfo.InvariantCulture, $"regions: ambiguous at variability ≥ {v}, else easy at confidence ≥ {c}, else hard-to-learn"),
            every > 1 ? string.Create(CultureInfo.InvariantCulture, $"{table.Rows.Count:N0} of {rows.Count:N0} rows drawn (one in every {every}, in row order); counts above are over all") : null,
        }.Where(s => s is not null));
        var spec = DynamicsVl.Layered("Dataset cartography", subtitle, 380, true, points, bounds, labels("left"), labels("right"));
        spec["datasets"] = new JsonObject { ["regions"] = regions, ["names"] = names };
        return new Chart("dynamics-cartography", spec, table, Wide: true);
    }
}
