using System.Globalization;
using System.Text;
using Stepwise.Planning;
using Stepwise.Reports.Page;
using Stepwise.Reports.Sections;
using Stepwise.Training.Runs;

namespace Stepwise.Reports;

/// <summary>The report of a plan (<c>stepwise plan CONFIG --format html</c>): the plan's numbers and warnings, and the plan
/// timeline — stage windows, epoch ends, checkpoints and evaluations against the step — with the schedule by epoch.</summary>
public static class PlanReport
{
    /// <summary>The page of <paramref name="plan"/> as HTML text; <paramref name="name"/> titles it (the config's name or
    /// file name).</summary>
    public static string Render(Plan plan, string name) => Page(plan, name).Render();

    /// <summary>Writes the page of <paramref name="plan"/> to <paramref name="path"/> atomically.</summary>
    public static ReportResult Write(Plan plan, string name, string path) => ReportFile.Write(Page(plan, name), path);

    /// <summary>The plan's lists as the typed summary that a run folder's plan.json reads back as.</summary>
    internal static PlanSummary Summary(Plan plan) => new(plan.StepsPerEpoch, plan.TotalSteps.Value, Math.Round(plan.EpochsExact, 6, MidpointRounding.ToEven),
        plan.Geometry?.SamplesPerStep, [.. plan.Epochs.Ends()], plan.Windows, [.. plan.Checkpoints.Enumerate()], [.. plan.Evaluations.Enumerate()]);

    internal static ReportPage Page(Plan plan, string name)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var summary = Summary(plan);
        var sb = new StringBuilder("<div class=\"status-line\"><span class=\"status plan\">plan</span><span class=\"why\">what <code>stepwise train</code> will do with this config</span></div>");
        var est = plan.Estimates();
        string N(long v) => v.ToString("N0", CultureInfo.InvariantCulture);
        var stats = new List<(string, string, string?)>
        {
            ("Total steps", N(plan.TotalSteps.Value), "T, from " + plan.DurationSource),
            ("Steps per epoch", N(plan.StepsPerEpoch), "U"),
            ("Epochs", summary.Epochs.ToString("0.######", CultureInfo.InvariantCulture), "T / U"),
            ("Samples per step", plan.Geometry is { } g ? N(g.SamplesPerStep) : "—", plan.Geometry is { } g2 ? $"batch {g2.BatchSize} × accum {g2.GradAccum} × ranks {g2.WorldSize}" : null),
            ("Samples per epoch", plan.Geometry is { } g3 ? N(g3.SamplesPerEpoch) : "—", plan.Geometry?.TrainSize is { } n ? $"train size {N(n)}" : null),
            ("Stage windows", plan.Windows.Count.ToString(CultureInfo.InvariantCulture), null),
            ("Checkpoints", N(est.CheckpointCount), plan.KeepLast is { } k ? $"keep last {k}" : "all kept"),
            ("Evaluations", N(est.EvaluationCount), null),
        };
        if (plan.Coverage is { } c) stats.Add(("Coverage", c.ToString("0.###", CultureInfo.InvariantCulture), "samples per epoch / unique samples"));
        if (est.TotalSeconds is { } secs) stats.Add(("Estimated time", Html.Duration((double)secs), "T × step_time"));
        sb.Append(Html.StatGrid(stats));
        if (plan.Warnings.Count > 0)
        {
            sb.Append("<div class=\"warnings\" role=\"note\"><strong>Plan warnings</strong><ul>");
            foreach (string w in plan.Warnings) sb.Append("<li>").Append(Html.Encode(w)).Append("</li>");
            sb.Append("</ul></div>");
        }
        var section = new ReportSection("plan", "Plan timeline", PlanTimeline.Blocks(summary));
        return new ReportPage { Title = name, Subtitle = "stepwise plan", HeaderHtml = sb.ToString(), Sections = [section] };
    }
}
