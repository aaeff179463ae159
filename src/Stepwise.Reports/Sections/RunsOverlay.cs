using System.Globalization;
using System.Text.Json.Nodes;
using Stepwise.Reports.Charts;
using Stepwise.Reports.Page;
using Stepwise.Training.Runs;

namespace Stepwise.Reports.Sections;

/// <summary>
/// Several runs side by side (<c>stepwise runs DIR --report</c>): a table of their status and final metrics (the best
/// value of each column in bold), and their curves overlaid — smoothed training loss, learning rate and every
/// evaluation metric (colour: run; dash: split) — what a sweep needs. Each run's series is thinned on its own.
/// </summary>
internal static class RunsOverlay
{
    /// <summary>The table of runs.</summary>
    public static string Table(IReadOnlyList<RunData> runs, IReadOnlyList<string> names)
    {
        var keys = new List<string>();
        foreach (var r in runs)
            foreach (var (k, _) in r.Status?.Final ?? [])
                if (!keys.Contains(k)) keys.Add(k);
        var rows = new List<IReadOnlyList<string>>();
        var values = new double?[runs.Count, keys.Count];
        for (int i = 0; i < runs.Count; i++)
        {
            var r = runs[i];
            var (_, status) = RunHeader.Status(r);
            var row = new List<string> { names[i], status, r.WallSeconds is { } w ? Html.Duration(w) : "—" };
            for (int k = 0; k < keys.Count; k++)
            {
                var hit = (r.Status?.Final ?? []).Where(p => p.Key == keys[k]).Select(p => (double?)p.Value).FirstOrDefault();
                values[i, k] = hit;
                int cut = keys[k].LastIndexOf('_');
                row.Add(hit is { } v ? RunHeader.Format(cut > 0 ? keys[k][(cut + 1)..] : keys[k], v) : "—");
            }
            if (runs.Any(x => x.Status?.BestModelCheckpoint is not null)) row.Add(r.Status?.BestModelCheckpoint is { } best ? Path.GetFileName(best) : "—");
            rows.Add(row);
        }
        bool Best(int row, int col)
        {
            int k = col - 3;
            if (k < 0 || k >= keys.Count || values[row, k] is not { } v || !double.IsFinite(v)) return false;
            bool higher = keys[k].EndsWith("accuracy", StringComparison.Ordinal);
            for (int i = 0; i < runs.Count; i++)
            {
                if (values[i, k] is { } o && double.IsFinite(o) && (higher ? o > v : o < v)) return false;
            }
            return runs.Count > 1;
        }
        string[] header = ["run", "status", "wall time", .. keys, .. runs.Any(x => x.Status?.BestModelCheckpoint is not null) ? ["best checkpoint"] : Array.Empty<string>()];
        return Html.Table(header, rows, "Runs (bold: the best value of a column)", Best);
    }

    /// <summary>The overlaid charts.</summary>
    public static IEnumerable<Chart> Charts(IReadOnlyList<RunData> runs, IReadOnlyList<string> names)
    {
        if (runs.Any(r => r.Training.ContainsKey("loss"))) yield return Training(runs, names, "loss", "runs-loss", "Training loss", "training loss (nats)", smooth: true, ".4f");
        if (runs.Any(r => r.Training.ContainsKey("lr"))) yield return Training(runs, names, "lr", "runs-lr", "Learning rate", "learning rate", smooth: false, ".3~g");
        var metrics = new List<string>();
        foreach (var r in runs)
            foreach (var (metric, _) in TrainingSection.EvalMetrics(r))
                if (!metrics.Contains(metric)) metrics.Add(metric);
        foreach (string metric in metrics) yield return Evaluation(runs, names, metric);
    }

    private static Chart Training(IReadOnlyList<RunData> runs, IReadOnlyList<string> names, string field, string id, string title, string yTitle, bool smooth, string format)
    {
        var table = new ChartTable("run", "step", "epoch", "value", "smoothed");
        var notes = new List<string>();
        for (int r = 0; r < runs.Count; r++)
        {
            if (!runs[r].Training.TryGetValue(field, out var s)) continue;
            int span = SeriesMath.Span(s.Values.Count);
            double[] sm = smooth ? SeriesMath.Ema(s.Values, span) : [.. s.Values];
            int[] rows = s.Steps.Count > Downsampler.Threshold ? Downsampler.Lttb(s.Steps, sm) : [.. Enumerable.Range(0, s.Steps.Count)];
            if (rows.Length < s.Steps.Count) notes.Add($"{names[r]}: {Downsampler.Describe(s.Steps.Count, rows.Length, "largest-triangle-three-buckets")}");
            foreach (int i in rows) table.Add(names[r], s.Steps[i], SeriesMath.Epoch(s.Steps[i], runs[r].StepsPerEpoch), s.Values[i], sm[i]);
        }
        var domain = Vl.Array(names);
        var line = new JsonObject
        {
            ["mark"] = new JsonObject { ["type"] = "line", ["strokeWidth"] = 2 },
            ["encoding"] = new JsonObject
            {
                ["x"] = Vl.StepX(),
                ["y"] = Vl.Q(smooth ? "smoothed" : "value", yTitle).With("axis", new JsonObject { ["format"] = smooth ? "~g" : format }),
                ["color"] = new JsonObject { ["field"] = "run", ["type"] = "nominal", ["title"] = "run", ["scale"] = new JsonObject { ["domain"] = domain } },
            },
        };
        var points = new JsonObject
        {
            ["mark"] = new JsonObject { ["type"] = "point", ["opacity"] = 0, ["size"] = 40 },
            ["params"] = new JsonArray(new JsonObject
            {
                ["name"] = "hover_" + id.Replace('-', '_'),
                ["select"] = new JsonObject { ["type"] = "point", ["nearest"] = true, ["on"] = "pointerover", ["clear"] = "pointerout" },
            }),
            ["encoding"] = new JsonObject
            {
                ["x"] = Vl.StepX(),
                ["y"] = Vl.Q(smooth ? "smoothed" : "value"),
                ["tooltip"] = new JsonArray(Vl.N("run"), Vl.Q("step", "step"), Vl.Q("epoch", "epoch", ".3f"), Vl.Q("value", smooth ? "raw" : field, format), smooth ? Vl.Q("smoothed", "smoothed", format) : null),
            },
        };
        if (!smooth) ((JsonArray)points["encoding"]!["tooltip"]!).RemoveAt(4);
        string subtitle = TrainingSection.Join(smooth ? "each run smoothed on its own (EMA over ≈ 3 % of its logged rows); hover for raw values" : "the learning rate each logged update used", string.Join("; ", notes));
        var spec = Vl.Layered(title, subtitle, 280, line, points);
        return new Chart(id, spec, table, StepAxisToggle: true);
    }

    private static Chart Evaluation(IReadOnlyList<RunData> runs, IReadOnlyList<string> names, string metric)
    {
        var table = new ChartTable("run", "split", "step", "epoch", "value");
        var splits = new List<string>();
        for (int r = 0; r < runs.Count; r++)
        {
            foreach (var (m, columns) in TrainingSection.EvalMetrics(runs[r]))
            {
                if (m != metric) continue;
                foreach (var (split, key) in columns)
                {
                    if (!splits.Contains(split)) splits.Add(split);
                    var s = runs[r].Evaluation[key];
                    int[] rows = s.Steps.Count > Downsampler.Threshold ? Downsampler.Lttb(s.Steps, s.Values) : [.. Enumerable.Range(0, s.Steps.Count)];
                    foreach (int i in rows) table.Add(names[r], split, s.Steps[i], SeriesMath.Epoch(s.Steps[i], runs[r].StepsPerEpoch), s.Values[i]);
                }
            }
        }
        bool accuracy = metric == "accuracy";
        var encoding = new JsonObject
        {
            ["x"] = Vl.StepX(),
            ["y"] = new JsonObject
            {
                ["field"] = "value", ["type"] = "quantitative", ["title"] = accuracy ? "accuracy" : metric == "loss" ? "loss (mean cross-entropy, nats)" : metric,
                ["axis"] = new JsonObject { ["format"] = accuracy ? ".0%" : "~g" }, ["scale"] = new JsonObject { ["zero"] = false },
            },
            ["color"] = new JsonObject { ["field"] = "run", ["type"] = "nominal", ["title"] = "run", ["scale"] = new JsonObject { ["domain"] = Vl.Array(names) } },
            ["detail"] = Vl.N("split"),
            ["tooltip"] = new JsonArray(Vl.N("run"), Vl.N("split"), Vl.Q("step", "step"), Vl.Q("epoch", "epoch", ".3f"), Vl.Q("value", metric, accuracy ? ".2%" : ".4f")),
        };
        if (splits.Count > 1)
        {
            encoding["strokeDash"] = new JsonObject { ["field"] = "split", ["type"] = "nominal", ["title"] = "split", ["scale"] = new JsonObject { ["domain"] = Vl.Array(splits) } };
            encoding["shape"] = new JsonObject { ["field"] = "split", ["type"] = "nominal", ["title"] = "split", ["scale"] = new JsonObject { ["domain"] = Vl.Array(splits) } };
        }
        var line = new JsonObject
        {
            ["transform"] = new JsonArray(new JsonObject { ["filter"] = "isValid(datum.value)" }),
            ["mark"] = new JsonObject { ["type"] = "line", ["point"] = new JsonObject { ["filled"] = true, ["size"] = 30 } },
            ["encoding"] = encoding,
        };
        string title = metric switch { "loss" => "Evaluation loss", "accuracy" => "Evaluation accuracy", _ => "Evaluation " + metric };
        var spec = Vl.Layered(title, splits.Count > 1 ? "colour: run · dash and shape: split" : $"split: {string.Join(", ", splits)}", 280, line);
        return new Chart("runs-eval-" + TrainingSection.Slug(metric), spec, table, StepAxisToggle: true);
    }

    /// <summary>Names that tell runs apart: their folder names, with the parent's name added where two collide.</summary>
    public static IReadOnlyList<string> Names(IReadOnlyList<RunData> runs)
    {
        var names = runs.Select(r => r.Folder.Name).ToList();
        for (int i = 0; i < names.Count; i++)
        {
            if (names.Count(n => n == names[i]) > 1) names[i] = Path.GetFileName(Path.GetDirectoryName(runs[i].Folder.Directory) ?? "") + "/" + names[i];
        }
        for (int i = 0; i < names.Count; i++)
        {
            if (names.Count(n => n == names[i]) > 1) names[i] += string.Create(CultureInfo.InvariantCulture, $" ({i + 1})");
        }
        return names;
    }
}
