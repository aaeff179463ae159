using System.Globalization;
using System.Text.Json.Nodes;
using Stepwise.Reports.Charts;
using Stepwise.Reports.Page;
using Stepwise.Training.Runs;

namespace Stepwise.Reports.Sections;

/// <summary>
/// Training: the loss (raw and smoothed) and the learning rate against the step, every evaluation metric per split,
/// any other logged field, and the throughput of timing.jsonl; epoch boundaries are grey rules, a stop and resume a
/// dashed vermillion rule. Long series are thinned (<see cref="Downsampler"/>) and each chart says how.
/// </summary>
internal sealed class TrainingSection : IRunSection
{
    /// <summary>Charts draw at most this many epoch boundaries (evenly chosen) before they thin them.</summary>
    public const int MaxEpochRules = 100;

    /// <inheritdoc/>
    public string Id => "training";

    /// <inheritdoc/>
    public string Title => "Training";

    /// <inheritdoc/>
    public string Needs => "metrics.jsonl";

    /// <inheritdoc/>
    public bool IsPresent(RunFolder run) => File.Exists(Path.Combine(run.Directory, RunFiles.Metrics)) || File.Exists(Path.Combine(run.Directory, RunFiles.Timing));

    /// <inheritdoc/>
    public ReportSection Build(RunData run)
    {
        var blocks = new List<ReportBlock>();
        var (epochs, epochNote) = EpochRules(run);
        var marks = ResumeMarks(run);
        if (run.Training.TryGetValue("loss", out var loss)) blocks.Add(new ReportBlock.ChartBlock(LossChart(run, loss, epochs, epochNote, marks)));
        else blocks.Add(new ReportBlock.NoteBlock("No training rows in metrics.jsonl yet: no loss curve."));
        if (run.Training.TryGetValue("lr", out var lr)) blocks.Add(new ReportBlock.ChartBlock(LineChart(run, "lr", "Learning rate", "learning rate", ".3~g", lr, epochs, marks, "the learning rate each logged update used")));
        foreach (var (metric, columns) in EvalMetrics(run)) blocks.Add(new ReportBlock.ChartBlock(EvalChart(run, metric, columns, epochs, marks)));
        foreach (var (key, series) in run.Training.Where(p => p.Key is not "loss" and not "lr"))
            blocks.Add(new ReportBlock.ChartBlock(LineChart(run, "train-" + Slug(key), key, key, "~g", series, epochs, marks, "a logged field of the training rows")));
        if (ThroughputChart(run) is { } throughput) blocks.Add(new ReportBlock.ChartBlock(throughput));
        return new ReportSection(Id, Title, blocks);
    }

    /// <summary>Epoch boundaries (all but the final state) as a rules dataset, thinned to <see cref="MaxEpochRules"/>.</summary>
    internal static (JsonArray Rules, string? Note) EpochRules(RunData run)
    {
        var rules = new JsonArray();
        if (run.Plan is not { } plan) return (rules, null);
        var ends = plan.EpochEnds.Where(e => e.Value < plan.TotalSteps).ToList();
        int every = Math.Max(1, (int)Math.Ceiling(ends.Count / (double)MaxEpochRules));
        for (int i = every - 1; i < ends.Count; i += every)
            rules.Add(new JsonObject { ["step"] = ends[i].Value, ["label"] = string.Create(CultureInfo.InvariantCulture, $"end of epoch {i + 1}") });
        return (rules, every > 1 ? string.Create(CultureInfo.InvariantCulture, $"grey rules: every {every}th of {ends.Count:N0} epoch ends") : ends.Count > 0 ? "grey rules: epoch ends" : null);
    }

    /// <summary>Where a process stopped and where one resumed (timing.jsonl segments), as a rules dataset.</summary>
    internal static JsonArray ResumeMarks(RunData run)
    {
        var byStep = new SortedDictionary<long, List<string>>();
        void Add(long step, string what)
        {
            if (!byStep.TryGetValue(step, out var l)) byStep[step] = l = [];
            if (!l.Contains(what)) l.Add(what);
        }
        var segments = run.Timing.GroupBy(t => t.Segment).OrderBy(g => g.Key).ToList();
        for (int k = 0; k < segments.Count; k++)
        {
            var first = segments[k].First();
            var last = segments[k].Last();
            if (first.Event == "start" && segments[k].Key > 0) Add(first.Step, string.Create(CultureInfo.InvariantCulture, $"resumed (process {segments[k].Key + 1})"));
            if (k < segments.Count - 1) Add(last.Step, last.Event == "end" ? "stopped" : "ended without an end row (killed)");
        }
        if (run.Status is { Status: RunStatus.Stopped or RunStatus.Failed } st && st.Step > 0) Add(st.Step, RunStatusFile.Name(st.Status));
        var marks = new JsonArray();
        foreach (var (step, what) in byStep)
        {
            if (step == 0) continue;
            string label = string.Join(", ", what);
            string shortLabel = label.Contains("resumed", StringComparison.Ordinal) ? "resumed" : label.StartsWith("failed", StringComparison.Ordinal) ? "failed" : "stopped";
            marks.Add(new JsonObject { ["step"] = step, ["label"] = label + string.Create(CultureInfo.InvariantCulture, $" at step {step}"), ["short"] = shortLabel });
        }
        return marks;
    }

    private static Chart LossChart(RunData run, RunData.Series loss, JsonArray epochs, string? epochNote, JsonArray marks)
    {
        int span = SeriesMath.Span(loss.Values.Count);
        double[] smooth = SeriesMath.Ema(loss.Values, span);
        int[] rows = Enumerable.Range(0, loss.Steps.Count).ToArray();
        string? thinned = null;
        if (loss.Steps.Count > Downsampler.Threshold)
        {
            rows = Downsampler.Union(Downsampler.MinMax(loss.Values), Downsampler.Lttb(loss.Steps, smooth));
            thinned = Downsampler.Describe(loss.Steps.Count, rows.Length, "raw: min/max per bucket; smoothed: largest-triangle-three-buckets");
        }
        var table = new ChartTable("step", "epoch", "loss", "loss_smoothed");
        foreach (int i in rows) table.Add(loss.Steps[i], SeriesMath.Epoch(loss.Steps[i], run.StepsPerEpoch), loss.Values[i], smooth[i]);
        string smoothLabel = string.Create(CultureInfo.InvariantCulture, $"smoothed (EMA, span {span} rows)");
        var line = new JsonObject
        {
            ["transform"] = new JsonArray(
                new JsonObject { ["fold"] = new JsonArray("loss", "loss_smoothed"), ["as"] = new JsonArray("key", "value") },
                new JsonObject { ["calculate"] = $"datum.key === 'loss' ? 'raw' : '{smoothLabel}'", ["as"] = "series" }),
            ["mark"] = new JsonObject { ["type"] = "line", ["interpolate"] = "linear" },
            ["encoding"] = new JsonObject
            {
                ["x"] = Vl.StepX(),
                ["y"] = Vl.Q("value", "training loss (nats)"),
                ["color"] = new JsonObject
                {
                    ["field"] = "series", ["type"] = "nominal", ["title"] = null,
                    ["scale"] = new JsonObject { ["domain"] = new JsonArray("raw", smoothLabel), ["range"] = new JsonArray(Palette.SkyBlue, Palette.Blue) },
                },
                ["strokeWidth"] = new JsonObject { ["condition"] = new JsonObject { ["test"] = "datum.key === 'loss'", ["value"] = 1.2 }, ["value"] = 2.4 },
            },
        };
        string subtitle = Join("mean loss of each logged update (cross-entropy, plus the L2 term when configured)", epochNote, marks.Count > 0 ? "dashed: stop / resume" : null, thinned);
        var spec = Vl.Layered("Training loss", subtitle, 260, WithRules(epochs, marks, line,
            Vl.HoverRule("hover_loss", Vl.Q("step", "step"), Vl.Q("epoch", "epoch", ".3f"), Vl.Q("loss", "loss (raw)", ".4f"), Vl.Q("loss_smoothed", "loss (smoothed)", ".4f"))));
        spec["datasets"] = Datasets(epochs, marks);
        return new Chart("loss", spec, table, StepAxisToggle: true);
    }

    private static Chart LineChart(RunData run, string id, string title, string yTitle, string format, RunData.Series s, JsonArray epochs, JsonArray marks, string what)
    {
        int[] rows = Enumerable.Range(0, s.Steps.Count).ToArray();
        string? thinned = null;
        if (s.Steps.Count > Downsampler.Threshold)
        {
            rows = Downsampler.Lttb(s.Steps, s.Values);
            thinned = Downsampler.Describe(s.Steps.Count, rows.Length, "largest-triangle-three-buckets");
        }
        var table = new ChartTable("step", "epoch", "value");
        foreach (int i in rows) table.Add(s.Steps[i], SeriesMath.Epoch(s.Steps[i], run.StepsPerEpoch), s.Values[i]);
        var line = new JsonObject
        {
            ["mark"] = new JsonObject { ["type"] = "line", ["color"] = Palette.Blue },
            ["encoding"] = new JsonObject { ["x"] = Vl.StepX(), ["y"] = Vl.Q("value", yTitle, null).With("axis", new JsonObject { ["format"] = format }) },
        };
        var spec = Vl.Layered(title, Join(what, thinned), 260, WithRules(epochs, marks, line,
            Vl.HoverRule("hover_" + id.Replace('-', '_'), Vl.Q("step", "step"), Vl.Q("epoch", "epoch", ".3f"), Vl.Q("value", yTitle, format))));
        spec["datasets"] = Datasets(epochs, marks);
        return new Chart(id, spec, table, StepAxisToggle: true);
    }

    /// <summary>Evaluation fields grouped by metric (the part after the last '_': loss, accuracy, …), each with its
    /// splits in file order.</summary>
    internal static IEnumerable<(string Metric, List<(string Split, string Key)> Columns)> EvalMetrics(RunData run)
    {
        var groups = new List<(string Metric, List<(string Split, string Key)> Columns)>();
        foreach (string key in run.Evaluation.Keys)
        {
            int cut = key.LastIndexOf('_');
            string split = cut > 0 ? key[..cut] : key, metric = cut > 0 ? key[(cut + 1)..] : "value";
            int g = groups.FindIndex(x => x.Metric == metric);
            if (g < 0) groups.Add((metric, [(split, key)]));
            else groups[g].Columns.Add((split, key));
        }
        return groups.OrderBy(g => g.Metric switch { "loss" => 0, "accuracy" => 1, _ => 2 });
    }

    private static Chart EvalChart(RunData run, string metric, List<(string Split, string Key)> columns, JsonArray epochs, JsonArray marks)
    {
        var steps = new SortedDictionary<long, double[]>();
        for (int c = 0; c < columns.Count; c++)
        {
            var s = run.Evaluation[columns[c].Key];
            for (int i = 0; i < s.Steps.Count; i++)
            {
                if (!steps.TryGetValue(s.Steps[i], out var row)) steps[s.Steps[i]] = row = Enumerable.Repeat(double.NaN, columns.Count).ToArray();
                row[c] = s.Values[i];
            }
        }
        var keys = steps.Keys.ToList();
        IEnumerable<int> rows = Enumerable.Range(0, keys.Count);
        string? thinned = null;
        if (keys.Count > Downsampler.Threshold)
        {
            var picks = columns.Select((_, c) => Downsampler.Lttb(keys, keys.Select(k => steps[k][c]).ToList())).ToArray();
            var union = Downsampler.Union(picks);
            rows = union;
            thinned = Downsampler.Describe(keys.Count, union.Length, "largest-triangle-three-buckets per split");
        }
        var table = new ChartTable(["step", "epoch", .. columns.Select(c => c.Key)]);
        foreach (int i in rows)
        {
            long step = keys[i];
            table.Add([step, SeriesMath.Epoch(step, run.StepsPerEpoch), .. steps[step].Select(v => (object?)v)]);
        }
        bool accuracy = metric == "accuracy";
        string yTitle = metric switch { "loss" => "loss (mean cross-entropy, nats)", "accuracy" => "accuracy", _ => metric };
        string format = accuracy ? ".1%" : ".4f";
        var fold = new JsonArray([.. columns.Select(c => (JsonNode?)JsonValue.Create(c.Key))]);
        string splitExpr = "datum.key";
        foreach (var (split, key) in columns) splitExpr = $"datum.key === '{Escape(key)}' ? '{Escape(split)}' : ({splitExpr})";
        var domain = new JsonArray([.. columns.Select(c => (JsonNode?)JsonValue.Create(c.Split))]);
        var encoding = new JsonObject
        {
            ["x"] = Vl.StepX(),
            ["y"] = new JsonObject
            {
                ["field"] = "value", ["type"] = "quantitative", ["title"] = yTitle,
                ["axis"] = new JsonObject { ["format"] = accuracy ? ".0%" : "~g" },
                ["scale"] = new JsonObject { ["zero"] = false },
            },
            ["color"] = new JsonObject { ["field"] = "split", ["type"] = "nominal", ["title"] = "split", ["scale"] = new JsonObject { ["domain"] = domain } },
            ["tooltip"] = new JsonArray(Vl.N("split"), Vl.Q("step", "step"), Vl.Q("epoch", "epoch", ".3f"), Vl.Q("value", metric, format)),
        };
        var line = new JsonObject
        {
            ["transform"] = new JsonArray(
                new JsonObject { ["fold"] = fold, ["as"] = new JsonArray("key", "value") },
                new JsonObject { ["filter"] = "isValid(datum.value)" },
                new JsonObject { ["calculate"] = splitExpr, ["as"] = "split" }),
            ["mark"] = new JsonObject { ["type"] = "line", ["point"] = new JsonObject { ["filled"] = true, ["size"] = keys.Count > 200 ? 8 : 36 } },
            ["encoding"] = encoding,
        };
        string title = metric switch { "loss" => "Evaluation loss", "accuracy" => "Evaluation accuracy", _ => "Evaluation " + metric };
        var spec = Vl.Layered(title, Join(string.Create(CultureInfo.InvariantCulture, $"{columns.Count} split(s), {keys.Count:N0} evaluation(s)"), thinned), 260, WithRules(epochs, marks, line,
            Vl.HoverRule("hover_eval_" + Slug(metric).Replace('-', '_'), [Vl.Q("step", "step"), Vl.Q("epoch", "epoch", ".3f"), .. columns.Select(c => Vl.Q(c.Key, c.Key, format))])));
        spec["datasets"] = Datasets(epochs, marks);
        return new Chart("eval-" + Slug(metric), spec, table, StepAxisToggle: true);
    }

    private static Chart? ThroughputChart(RunData run)
    {
        var rows = run.Timing.Where(t => t.Event == "progress" && t.StepsPerSecond is { } v && double.IsFinite(v)).ToList();
        if (rows.Count == 0) return null;
        long? sps = run.Plan?.SamplesPerStep;
        var table = new ChartTable("step", "process", "updates_per_s", "samples_per_s", "wall_s");
        var picked = rows.Count > Downsampler.Threshold
            ? Downsampler.Lttb(rows.Select(r => r.Step).ToList(), rows.Select(r => r.StepsPerSecond!.Value).ToList()).Select(i => rows[i]).ToList()
            : rows;
        foreach (var r in picked)
            table.Add(r.Step, string.Create(CultureInfo.InvariantCulture, $"process {r.Segment + 1}"), r.StepsPerSecond!.Value, sps is { } s ? r.StepsPerSecond!.Value * s : double.NaN, r.WallSeconds);
        bool several = rows.Select(r => r.Segment).Distinct().Count() > 1;
        var encoding = new JsonObject
        {
            ["x"] = Vl.StepX(),
            ["y"] = Vl.Q("updates_per_s", "updates per second"),
            ["tooltip"] = new JsonArray(Vl.N("process"), Vl.Q("step", "step"), Vl.Q("updates_per_s", "updates/s", ".1f"), Vl.Q("samples_per_s", "samples/s", ",.0f"), Vl.Q("wall_s", "wall clock (s)", ".1f")),
        };
        if (several) encoding["color"] = Vl.N("process", "process");
        var mark = new JsonObject { ["type"] = "line", ["point"] = new JsonObject { ["filled"] = true, ["size"] = 30 } };
        if (!several) mark["color"] = Palette.Green;
        var spec = Vl.Layered("Throughput", Join("updates per second between progress rows of timing.jsonl · wall clock, not reproducible",
            rows.Count > picked.Count ? Downsampler.Describe(rows.Count, picked.Count, "largest-triangle-three-buckets") : null), 220,
            new JsonObject { ["mark"] = mark, ["encoding"] = encoding },
            Vl.HoverRule("hover_throughput", (JsonObject[])[.. ((JsonArray)encoding["tooltip"]!).Select(t => (JsonObject)t!.DeepClone())]));
        return new Chart("throughput", spec, table, StepAxisToggle: true);
    }

    /// <summary>The layers of a step chart: the epoch rules (when any) under the content, the stop/resume rules (when
    /// any) over it, then <paramref name="over"/> (hover layers). Empty rule layers are left out: vega warns about them.</summary>
    internal static JsonNode[] WithRules(JsonArray epochs, JsonArray marks, JsonObject content, params JsonObject[] over)
    {
        var layers = new List<JsonNode>();
        if (epochs.Count > 0) layers.Add(Vl.Rules("epochs", Palette.Grey, 0.45, new JsonArray(2, 3)));
        layers.Add(content);
        if (marks.Count > 0) layers.AddRange([Vl.Rules("marks", Palette.Vermillion, 0.9, new JsonArray(6, 3), 1.6), Vl.RuleLabels("marks", Palette.Vermillion)]);
        layers.AddRange(over);
        return [.. layers];
    }

    /// <summary>The rule datasets of a step chart.</summary>
    internal static JsonObject Datasets(JsonArray epochs, JsonArray marks) => new() { ["epochs"] = epochs.DeepClone(), ["marks"] = marks.DeepClone() };

    internal static string Join(params string?[] parts) => string.Join(" · ", parts.Where(p => !string.IsNullOrEmpty(p)));

    internal static string Slug(string text) => new([.. text.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]);

    internal static string Escape(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal);
}
