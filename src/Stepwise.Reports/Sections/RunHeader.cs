using System.Globalization;
using System.Text;
using Stepwise.Configuration;
using Stepwise.Reports.Page;
using Stepwise.Training.Runs;

namespace Stepwise.Reports.Sections;

/// <summary>
/// The header of a run's report: its status (completed / stopped at step N of T / failed / running), the plan's numbers
/// (steps per epoch, total steps, epochs, samples per step), wall time, checkpoints, the final metrics (or the last
/// evaluation of an unfinished run), a summary of the config, and the resolved config in a collapsible block.
/// </summary>
internal static class RunHeader
{
    /// <summary>The header HTML.</summary>
    public static string Build(RunData run)
    {
        var sb = new StringBuilder();
        sb.Append(StatusLine(run));
        sb.Append(Html.StatGrid(Stats(run)));
        sb.Append("<div class=\"columns\"><div>").Append(MetricsTable(run)).Append("</div><div>").Append(ConfigTable(run.Config)).Append("</div></div>");
        if (run.ConfigYaml is { } yaml)
            sb.Append("<details><summary>Resolved config (config.yaml)</summary><pre>").Append(Html.Encode(yaml)).Append("</pre></details>");
        return sb.ToString();
    }

    /// <summary>The status in words: "completed", "stopped at step 120 of 340", …</summary>
    public static (string Css, string Text) Status(RunData run)
    {
        if (run.Status is not { } s) return ("unknown", run.LastLoggedStep is { } l ? string.Create(CultureInfo.InvariantCulture, $"status unknown (metrics up to step {l:N0})") : "status unknown");
        return s.Status switch
        {
            RunStatus.Completed => ("completed", string.Create(CultureInfo.InvariantCulture, $"completed: {s.Step:N0} of {s.TotalSteps:N0} steps")),
            RunStatus.Stopped => ("stopped", string.Create(CultureInfo.InvariantCulture, $"stopped at step {s.Step:N0} of {s.TotalSteps:N0}")),
            RunStatus.Failed => ("failed", string.Create(CultureInfo.InvariantCulture, $"failed at step {s.Step:N0} of {s.TotalSteps:N0}")),
            _ => ("running", string.Create(CultureInfo.InvariantCulture, $"running: step {s.Step:N0} of {s.TotalSteps:N0} when last written")),
        };
    }

    private static string StatusLine(RunData run)
    {
        var (css, text) = Status(run);
        var sb = new StringBuilder("<div class=\"status-line\"><span class=\"status ").Append(css).Append("\">").Append(Html.Encode(text)).Append("</span>");
        if (run.Status is { } s)
        {
            if (s.StopReason is { } why) sb.Append("<span class=\"why\">").Append(Html.Encode(why)).Append("</span>");
            if (s.Status is RunStatus.Stopped or RunStatus.Failed)
                sb.Append("<span class=\"why\">resumable: <code>stepwise train CONFIG --out ").Append(Html.Encode(run.Folder.Directory)).Append(" --resume auto</code></span>");
        }
        return sb.Append("</div>").ToString();
    }

    private static IEnumerable<(string, string, string?)> Stats(RunData run)
    {
        string N(long? v) => v is { } x ? x.ToString("N0", CultureInfo.InvariantCulture) : "—";
        var plan = run.Plan;
        yield return ("Total steps", N(run.TotalSteps), "T, optimizer updates");
        yield return ("Steps per epoch", N(run.StepsPerEpoch), "U");
        yield return ("Epochs", plan is null ? "—" : plan.Epochs.ToString("0.######", CultureInfo.InvariantCulture), "T / U");
        yield return ("Samples per step", N(plan?.SamplesPerStep), "batch × accum × ranks");
        if (run.Status is { } s) yield return ("Step reached", N(s.Step), run.TotalSteps is > 0 ? string.Create(CultureInfo.InvariantCulture, $"{100.0 * s.Step / run.TotalSteps.Value:0.#} % of the plan") : null);
        if (run.WallSeconds is { } wall)
            yield return ("Wall time", Html.Duration(wall), run.Segments > 1 ? string.Create(CultureInfo.InvariantCulture, $"{run.Segments} processes (resumed {run.Segments - 1}×)") : "one process");
        var ck = run.Checkpoints;
        yield return ("Checkpoints", ck.Count.ToString(CultureInfo.InvariantCulture), ck.Count > 0 ? string.Create(CultureInfo.InvariantCulture, $"latest: step {ck[^1].Step:N0}") : "none on disk");
        if (run.Status is { } st) yield return ("Threads", st.Threads.ToString(CultureInfo.InvariantCulture), "engine threads");
    }

    /// <summary>Final metrics by split (run.json's <c>final</c>), or the last evaluation row of an unfinished run.</summary>
    internal static string MetricsTable(RunData run)
    {
        var values = new List<KeyValuePair<string, double>>();
        string caption;
        if (run.Status is { Final.Count: > 0 } s)
        {
            values.AddRange(s.Final);
            caption = "Final evaluation";
        }
        else
        {
            long? last = run.Evaluation.Values.SelectMany(v => v.Steps).DefaultIfEmpty(-1).Max() is var m and >= 0 ? m : null;
            if (last is null) return "<p class=\"note\">No evaluation yet.</p>";
            foreach (var (key, series) in run.Evaluation)
            {
                int i = series.Steps.LastIndexOf(last.Value);
                if (i >= 0) values.Add(new(key, series.Values[i]));
            }
            caption = string.Create(CultureInfo.InvariantCulture, $"Last evaluation (step {last:N0})");
        }
        var splits = new List<string>();
        var metrics = new List<string>();
        var cells = new Dictionary<(string, string), double>();
        foreach (var (key, v) in values)
        {
            int cut = key.LastIndexOf('_');
            string split = cut > 0 ? key[..cut] : key, metric = cut > 0 ? key[(cut + 1)..] : "value";
            if (!splits.Contains(split)) splits.Add(split);
            if (!metrics.Contains(metric)) metrics.Add(metric);
            cells[(split, metric)] = v;
        }
        var rows = splits.Select(sp => (IReadOnlyList<string>)[sp, .. metrics.Select(me => cells.TryGetValue((sp, me), out double v) ? Format(me, v) : "—")]);
        return Html.Table(["split", .. metrics], rows.ToList(), caption);
    }

    /// <summary>A metric for a table: accuracy in percent, others with 4 significant digits.</summary>
    internal static string Format(string metric, double v) =>
        metric == "accuracy" && double.IsFinite(v) ? (100 * v).ToString("0.00", CultureInfo.InvariantCulture) + " %" : Html.Metric(v);

    /// <summary>The config's sections, one row each ("model | kind: mlp, hidden: [128], activation: relu").</summary>
    internal static string ConfigTable(ConfigMapping? config)
    {
        if (config is null) return "<p class=\"note\">No config summary (config.yaml is missing or unreadable).</p>";
        var rows = config.Entries.Where(e => e.Key != "name").Select(e => (IReadOnlyList<string>)[e.Key, Inline(e.Value)]).ToList();
        return Html.Table(["key", "value"], rows, "Config", cssClass: "data config");
    }

    private static string Inline(ConfigNode node) => node switch
    {
        ConfigScalar s => s.IsNull ? "null" : s.Text,
        ConfigSequence q => "[" + string.Join(", ", q.Items.Select(Inline)) + "]",
        ConfigMapping m => string.Join(", ", m.Entries.Select(e => e.Key + ": " + Nested(e.Value))),
        _ => node.Display,
    };

    private static string Nested(ConfigNode node) => node is ConfigMapping ? "{" + Inline(node) + "}" : Inline(node);
}
