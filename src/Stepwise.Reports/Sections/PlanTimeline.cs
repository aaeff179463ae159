using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Stepwise.Reports.Charts;
using Stepwise.Reports.Page;
using Stepwise.Training.Runs;

namespace Stepwise.Reports.Sections;

/// <summary>
/// The plan timeline (seed 000's window diagram, seed 004's schedule, seed 001's dense-then-sparse checkpoints): steps
/// on the x axis, one lane each for the stage windows (bands from state a to state b+1 of window [a, b]), epoch ends,
/// checkpoints and evaluations; a lane with more than <see cref="MaxTicks"/> events is drawn as <see cref="Bins"/>
/// equal-width bins with their counts (stated on the chart). Hovering shows the step, the epoch and the event; the page
/// offers a log-scale (symlog) step axis for long plans. Also a schedule-by-epoch table for plans of up to
/// <see cref="MaxEpochRows"/> epochs.
/// </summary>
internal static class PlanTimeline
{
    /// <summary>A lane with more events than this is binned.</summary>
    public const int MaxTicks = 1500;

    /// <summary>The number of bins of a binned lane.</summary>
    public const int Bins = 600;

    /// <summary>The longest schedule-by-epoch table.</summary>
    public const int MaxEpochRows = 60;

    private const string Stages = "stage windows", Epochs = "epoch ends", Checkpoints = "checkpoints", Evaluations = "evaluations";

    /// <summary>The timeline's blocks: the chart, and the schedule table when the plan is short enough.</summary>
    public static IReadOnlyList<ReportBlock> Blocks(PlanSummary plan, string id = "plan-timeline")
    {
        var blocks = new List<ReportBlock> { new ReportBlock.ChartBlock(Chart(plan, id)) };
        if (ScheduleTable(plan) is { } table) blocks.Add(new ReportBlock.HtmlBlock(table));
        return blocks;
    }

    /// <summary>The timeline chart.</summary>
    public static Chart Chart(PlanSummary plan, string id = "plan-timeline")
    {
        long t = plan.TotalSteps, u = plan.StepsPerEpoch;
        var table = new ChartTable("lane", "kind", "group", "start", "end", "count", "epoch", "label");
        var lanes = new List<string>();
        var notes = new List<string>();
        if (plan.Windows.Count > 0)
        {
            lanes.Add(Stages);
            for (int i = 0; i < plan.Windows.Count; i++)
            {
                var w = plan.Windows[i];
                string epochs = Epoch(w.Length.Value, u);
                table.Add(Stages, "window", string.Create(CultureInfo.InvariantCulture, $"stage {i + 1}"), w.Start, w.End + 1, w.Length.Value,
                    $"{Epoch(w.Start, u)} → {Epoch(w.End + 1, u)}",
                    string.Create(CultureInfo.InvariantCulture, $"stage {i + 1}: updates [{w.Start}, {w.End}], {w.Length.Value:N0} steps (~{epochs} epochs)"));
            }
        }
        AddLane(table, lanes, notes, Epochs, "end of epoch", plan.EpochEnds.Select(s => s.Value).ToList(), t, u, numbered: true);
        AddLane(table, lanes, notes, Checkpoints, "checkpoint", plan.Checkpoints.Select(s => s.Value).ToList(), t, u);
        AddLane(table, lanes, notes, Evaluations, "evaluation", plan.Evaluations.Select(s => s.Value).ToList(), t, u);

        var groups = new List<string>();
        var colours = new List<string>();
        for (int i = 0; i < plan.Windows.Count; i++)
        {
            groups.Add(string.Create(CultureInfo.InvariantCulture, $"stage {i + 1}"));
            colours.Add(i % 2 == 0 ? "#9CCBEA" : "#F3C98B");
        }
        groups.AddRange([Epochs, Checkpoints, Evaluations]);
        colours.AddRange([Palette.Grey, Palette.Blue, Palette.Vermillion]);
        var colour = new JsonObject
        {
            ["field"] = "group", ["type"] = "nominal", ["legend"] = null,
            ["scale"] = new JsonObject { ["domain"] = Vl.Array(groups), ["range"] = Vl.Array(colours) },
        };
        JsonObject X() => new()
        {
            ["field"] = "start", ["type"] = "quantitative", ["title"] = "step (state after that many optimizer updates)",
            ["scale"] = new JsonObject { ["domain"] = new JsonArray(0, t), ["nice"] = false },
            ["axis"] = new JsonObject { ["format"] = "~s", ["labelExpr"] = Vl.ZeroLabel, ["grid"] = true, ["tickCount"] = Vl.TickCount },
        };
        JsonObject Y() => new()
        {
            ["field"] = "lane", ["type"] = "nominal", ["title"] = null, ["sort"] = Vl.Array(lanes),
            ["axis"] = new JsonObject { ["labelFontSize"] = 12, ["labelPadding"] = 6, ["ticks"] = false, ["domain"] = false },
        };
        JsonArray Tip() => new(Vl.N("label", "event"), Vl.Q("start", "step", ","), Vl.N("epoch", "epoch"));
        JsonObject Filter(string test) => new() { ["filter"] = test };
        var windows = new JsonObject
        {
            ["name"] = "stage_windows",
            ["transform"] = new JsonArray(Filter("datum.kind === 'window'")),
            ["mark"] = new JsonObject { ["type"] = "bar", ["stroke"] = "#ffffff", ["strokeWidth"] = 1.5, ["cornerRadius"] = 2 },
            ["encoding"] = new JsonObject { ["x"] = X(), ["x2"] = new JsonObject { ["field"] = "end" }, ["y"] = Y(), ["color"] = colour.DeepClone(), ["tooltip"] = Tip() },
        };
        var windowLabels = new JsonObject
        {
            ["transform"] = new JsonArray(Filter("datum.kind === 'window'"), new JsonObject { ["calculate"] = "(datum.start + datum.end) / 2", ["as"] = "mid" }),
            ["mark"] = new JsonObject { ["type"] = "text", ["fontSize"] = 11, ["color"] = "#1d232b" },
            ["encoding"] = new JsonObject
            {
                ["x"] = new JsonObject { ["field"] = "mid", ["type"] = "quantitative" },
                ["y"] = Y(),
                ["text"] = new JsonObject { ["field"] = "group" },
            },
        };
        var epochRules = new JsonObject
        {
            ["transform"] = new JsonArray(Filter($"datum.kind === 'event' && datum.lane === '{Epochs}'")),
            ["mark"] = new JsonObject { ["type"] = "rule", ["color"] = Palette.Grey, ["opacity"] = 0.25, ["strokeDash"] = new JsonArray(2, 3) },
            ["encoding"] = new JsonObject { ["x"] = X() },
        };
        var ticks = new JsonObject
        {
            ["transform"] = new JsonArray(Filter("datum.kind === 'event'")),
            ["mark"] = new JsonObject { ["type"] = "tick", ["thickness"] = 2, ["bandSize"] = 22 },
            ["encoding"] = new JsonObject { ["x"] = X(), ["y"] = Y(), ["color"] = colour.DeepClone(), ["tooltip"] = Tip() },
        };
        var hoverTicks = new JsonObject
        {
            ["transform"] = new JsonArray(Filter("datum.kind === 'event'")),
            ["mark"] = new JsonObject { ["type"] = "tick", ["thickness"] = 9, ["opacity"] = 0.001, ["bandSize"] = 26 },
            ["encoding"] = new JsonObject { ["x"] = X(), ["y"] = Y(), ["tooltip"] = Tip() },
        };
        var bins = new JsonObject
        {
            ["transform"] = new JsonArray(Filter("datum.kind === 'bin'")),
            ["mark"] = new JsonObject { ["type"] = "rect", ["height"] = 22 },
            ["encoding"] = new JsonObject
            {
                ["x"] = X(), ["x2"] = new JsonObject { ["field"] = "end" }, ["y"] = Y(), ["color"] = colour.DeepClone(),
                ["opacity"] = new JsonObject
                {
                    ["field"] = "count", ["type"] = "quantitative", ["legend"] = null,
                    ["scale"] = new JsonObject { ["type"] = "log", ["domain"] = new JsonArray(1, Math.Max(2, table.Rows.Where(r => (string)r[1]! == "bin").Select(r => (long)r[5]!).DefaultIfEmpty(2).Max())), ["range"] = new JsonArray(0.3, 1) },
                },
                ["tooltip"] = Tip(),
            },
        };
        string subtitle = TrainingSection.Join(
            string.Create(CultureInfo.InvariantCulture, $"T = {t:N0} steps, U = {u:N0} steps per epoch, {plan.Epochs.ToString(CultureInfo.InvariantCulture)} epochs"),
            plan.Windows.Count > 0 ? "band of window [a, b]: states a to b+1" : null,
            string.Join("; ", notes));
        var layers = new List<JsonNode>();
        if (table.Rows.Any(r => (string)r[1]! == "event" && (string)r[0]! == Epochs)) layers.Add(epochRules);
        if (plan.Windows.Count > 0) layers.AddRange([windows, windowLabels]);
        var kinds = table.Rows.Select(r => (string)r[1]!).ToHashSet();
        if (kinds.Contains("bin")) layers.Add(bins);
        if (kinds.Contains("event")) layers.AddRange([ticks, hoverTicks]);
        var spec = Vl.Layered("Plan timeline", subtitle, Math.Max(1, lanes.Count) * 38, [.. layers]);
        return new Chart(id, spec, table, StepAxisToggle: true, Wide: true);
    }

    private static void AddLane(ChartTable table, List<string> lanes, List<string> notes, string lane, string what, IReadOnlyList<long> steps, long t, long u, bool numbered = false)
    {
        if (steps.Count == 0) return;
        lanes.Add(lane);
        if (steps.Count <= MaxTicks)
        {
            for (int i = 0; i < steps.Count; i++)
            {
                string label = numbered
                    ? string.Create(CultureInfo.InvariantCulture, $"{what} {i + 1} at step {steps[i]:N0}")
                    : string.Create(CultureInfo.InvariantCulture, $"{what} at step {steps[i]:N0}");
                table.Add(lane, "event", lane, steps[i], steps[i], 1L, Epoch(steps[i], u), label);
            }
            return;
        }
        long width = Math.Max(1, (t + Bins - 1) / Bins);
        int k = 0;
        while (k < steps.Count)
        {
            long bin = steps[k] / width, start = bin * width, end = Math.Min(t, start + width);
            int first = k;
            while (k < steps.Count && steps[k] / width == bin) k++;
            long n = k - first;
            table.Add(lane, "bin", lane, start, end, n, $"{Epoch(start, u)} → {Epoch(end, u)}",
                string.Create(CultureInfo.InvariantCulture, $"{n:N0} {what}{(n == 1 ? "" : "s")} in steps {steps[first]:N0}..{steps[k - 1]:N0}"));
        }
        notes.Add(string.Create(CultureInfo.InvariantCulture, $"{steps.Count:N0} {lane} drawn as bins of {width:N0} steps (darker: more)"));
    }

    /// <summary>Step / U as a decimal with 3 places ("2.5", "0.333"), exact: no double in between.</summary>
    internal static string Epoch(long step, long u) => u > 0 ? Math.Round((decimal)step / u, 3, MidpointRounding.ToEven).ToString("0.###", CultureInfo.InvariantCulture) : "—";

    /// <summary>The schedule by epoch (seed 004's table): each epoch's steps, its checkpoints and evaluations.</summary>
    internal static string? ScheduleTable(PlanSummary plan)
    {
        var ends = plan.EpochEnds.Select(s => s.Value).ToList();
        if (ends.Count == 0 || ends.Count > MaxEpochRows) return null;
        var rows = new List<IReadOnlyList<string>>();
        long start = 0;
        int ci = 0, ei = 0;
        var ck = plan.Checkpoints.Select(s => s.Value).ToList();
        var ev = plan.Evaluations.Select(s => s.Value).ToList();
        for (int e = 0; e < ends.Count; e++)
        {
            long end = ends[e];
            var cks = new List<long>();
            var evs = new List<long>();
            while (ci < ck.Count && ck[ci] <= end) cks.Add(ck[ci++]);
            while (ei < ev.Count && ev[ei] <= end) evs.Add(ev[ei++]);
            rows.Add([(e + 1).ToString(CultureInfo.InvariantCulture), string.Create(CultureInfo.InvariantCulture, $"{start:N0}..{end:N0}"), List(cks), List(evs)]);
            start = end + 1;
        }
        var sb = new StringBuilder("<details><summary>Schedule by epoch (checkpoint and evaluation steps; epoch 1 holds states 0..e₁)</summary>");
        sb.Append(Html.Table(["epoch", "states", "checkpoints", "evaluations"], rows));
        return sb.Append("</details>").ToString();
    }

    private static string List(List<long> steps) => steps.Count switch
    {
        0 => "—",
        <= 12 => string.Join(", ", steps.Select(s => s.ToString("N0", CultureInfo.InvariantCulture))),
        _ => string.Create(CultureInfo.InvariantCulture, $"{steps.Count:N0} ({steps[0]:N0}, {steps[1]:N0}, … {steps[^1]:N0})"),
    };
}
