using System.Globalization;
using Stepwise.Analysis.Dynamics;
using Stepwise.Analysis.Dynamics.Cartography;
using Stepwise.Reports.Charts;
using Stepwise.Reports.Page;
using Stepwise.Training;
using Stepwise.Training.Runs;

namespace Stepwise.Reports.Sections;

/// <summary>
/// The dynamics section (docs/reports.md): from results.json (<c>stepwise dynamics</c>, read by the Analysis project's
/// <see cref="ResultsJsonReader"/>) seed 002's five figures — compression trajectories per transition with the fitted
/// parabolas (absolute and scale-free score), memorization vs compression at key epochs, the transition × epoch heatmap
/// of trained − novel compression (both scores), individual passages' trajectories and the memorization rate — plus
/// the numbers of the experiment and the trajectory shapes as a table; from cartography/records.bin (<c>stepwise
/// train</c> with <c>dynamics.record: true</c>, summarized by <see cref="CartographySummary"/>) the data map. A file
/// that cannot be read leaves its part out with a warning; the other part still draws.
/// </summary>
internal static class DynamicsSection
{
    /// <summary>What the section draws, in words.</summary>
    public const string Needs = "results.json (stepwise dynamics) or cartography/records.bin (stepwise train with dynamics.record: true)";

    /// <summary>The section's files in <paramref name="run"/>: results.json and the cartography log, when present.</summary>
    public static IReadOnlyList<string> Find(RunFolder run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var files = new List<string>();
        string results = Path.Combine(run.Directory, ResultsJson.FileName);
        if (File.Exists(results)) files.Add(results);
        if (File.Exists(CartographyLog.PathOf(run.Directory))) files.Add(CartographyLog.PathOf(run.Directory));
        return files;
    }

    /// <summary>The section of <paramref name="run"/> from <paramref name="files"/> (<see cref="Find"/>'s).</summary>
    public static ReportSection Draw(RunData run, IReadOnlyList<string> files)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(files);
        var blocks = new List<ReportBlock>();
        string results = Path.Combine(run.Folder.Directory, ResultsJson.FileName);
        if (files.Contains(results)) blocks.AddRange(Experiment(run, results));
        if (files.Contains(CartographyLog.PathOf(run.Folder.Directory))) blocks.AddRange(Cartography(run));
        return new ReportSection("dynamics", "Dynamics", blocks);
    }

    private static IEnumerable<ReportBlock> Experiment(RunData run, string path)
    {
        DynamicsResults r;
        try
        {
            r = ResultsJsonReader.Read(path);
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            string why = $"{ResultsJson.FileName}: cannot be read ({e.Message.ReplaceLineEndings(" ")}); the dynamics figures are left out";
            run.Warnings.Add(why);
            return [new ReportBlock.NoteBlock(why + ".")];
        }
        var report = r.Report;
        if (report.Epochs.Count == 0)
        {
            run.Warnings.Add($"{ResultsJson.FileName}: no measured epoch yet; the dynamics figures are left out");
            return [new ReportBlock.NoteBlock("results.json holds no measured epoch yet.")];
        }
        var blocks = new List<ReportBlock> { new ReportBlock.HtmlBlock(Html.StatGrid(Stats(r))) };
        int measured = report.Epochs.Count, scheduled = r.Parameters.EpochSchedule.Count;
        string scores = "Compression of a transition ℓ→ℓ+1 (ℓ = 0 is the embedding output): for each token, the spread S at ℓ+1 of its k nearest "
            + "neighbours at ℓ; seed 002's absolute score −ln(S + ε) depends on the states' scale, the scale-free score ln((V + ε)/(S + ε)) compares "
            + "the same neighbourhood's spread V at ℓ with S (> 0: it contracts). A passage's score is the mean over its tokens (docs/dynamics.md).";
        blocks.Add(new ReportBlock.NoteBlock(measured < scheduled
            ? string.Create(CultureInfo.InvariantCulture, $"{measured} of {scheduled} scheduled epochs measured so far (the run is not complete): the figures show those. {scores}")
            : scores));
        blocks.Add(new ReportBlock.ChartBlock(DynamicsTrajectoryChart.Build(r, CompressionScore.Absolute)));
        blocks.Add(new ReportBlock.ChartBlock(DynamicsTrajectoryChart.Build(r, CompressionScore.ScaleFree)));
        blocks.Add(new ReportBlock.ChartBlock(DynamicsScatterChart.Build(r)));
        blocks.Add(new ReportBlock.ChartBlock(DynamicsHeatmapChart.Build(r, CompressionScore.Absolute)));
        blocks.Add(new ReportBlock.ChartBlock(DynamicsHeatmapChart.Build(r, CompressionScore.ScaleFree)));
        blocks.Add(new ReportBlock.ChartBlock(DynamicsPassagesChart.Build(r)));
        blocks.Add(new ReportBlock.ChartBlock(DynamicsRateChart.Build(r)));
        blocks.Add(new ReportBlock.HtmlBlock(Shapes(r)));
        return blocks;
    }

    private static IEnumerable<(string, string, string?)> Stats(DynamicsResults r)
    {
        var p = r.Parameters;
        var last = r.Report.Summaries[^1];
        string Pct(double v) => double.IsFinite(v) ? v.ToString("0.#%", CultureInfo.InvariantCulture) : "—";
        string N(long v) => v.ToString("N0", CultureInfo.InvariantCulture);
        yield return ("Epochs measured", string.Create(CultureInfo.InvariantCulture, $"{r.Report.Epochs.Count} of {p.EpochSchedule.Count}"),
            "schedule " + string.Join(", ", p.EpochSchedule.Select(e => e.ToString(CultureInfo.InvariantCulture))) + (p.QuickTest ? " (quick test)" : ""));
        yield return ("Passages", string.Create(CultureInfo.InvariantCulture, $"{r.Trained.Count} + {r.Novel.Count}"), "trained + novel (control)");
        yield return ("Skipped", N(r.Skipped.Count), string.Create(CultureInfo.InvariantCulture, $"shorter than {p.MinTokens} tokens; indices kept"));
        yield return ("Transitions", N(r.Report.Transitions), string.Create(CultureInfo.InvariantCulture, $"k = {p.KNeighbors} neighbours, width {p.Width}"));
        yield return ("Memorized", Pct(last.MemorizationRate), string.Create(CultureInfo.InvariantCulture, $"trained, accuracy ≥ {p.MemorizedThreshold:0.##}, epoch {last.Epoch}"));
        yield return ("Exact", Pct(last.ExactRate), string.Create(CultureInfo.InvariantCulture, $"trained, {p.TargetTokens}/{p.TargetTokens} tokens, epoch {last.Epoch}"));
        yield return ("Novel memorized", Pct(last.NovelMemorizationRate), "the control, same rule");
        yield return ("Loss", string.Create(CultureInfo.InvariantCulture, $"{Html.Metric(last.TrainingLoss)} / {Html.Metric(last.NovelLoss)}"), "nats, trained / novel, last epoch");
    }

    /// <summary>The trajectory shapes per transition, score and axis (results.json's), as a table.</summary>
    private static string Shapes(DynamicsResults r)
    {
        var header = new List<string> { "transition" };
        var columns = new List<(CompressionScore Score, string Axis)>();
        foreach (var score in new[] { CompressionScore.Absolute, CompressionScore.ScaleFree })
        {
            foreach (string axis in new[] { "epoch", "log_epoch" })
            {
                columns.Add((score, axis));
                header.Add($"{(score == CompressionScore.Absolute ? "absolute" : "scale-free")} vs {(axis == "epoch" ? "epoch" : "ln epoch")}");
            }
        }
        var rows = Enumerable.Range(0, r.Report.Transitions).Select(l => (IReadOnlyList<string>)[DynamicsVl.TransitionLong(l), .. columns.Select(c =>
        {
            var t = r.Report.Trajectories.FirstOrDefault(x => x.Layer == l && x.Score == c.Score && x.Axis == c.Axis);
            if (t is null) return "—";
            string shape = ResultsJson.Name(t.Fit.Shape).Replace('_', '-');
            return t.Fit.QuadraticPValue is { } q ? string.Create(CultureInfo.InvariantCulture, $"{shape} (p {Html.Metric(q)})") : shape;
        })]);
        return Html.Table(header, rows, "Trajectory shapes of mean trained-passage compression (p: the F-test of the quadratic term; shapes at α = 0.05, docs/dynamics.md)");
    }

    private static IEnumerable<ReportBlock> Cartography(RunData run)
    {
        CartographySummary map;
        try
        {
            map = CartographySummary.Read(run.Folder.Directory);
        }
        catch (Exception e) when (e is RunInputException or FormatException or IOException or UnauthorizedAccessException)
        {
            string why = $"{CartographyLog.Folder}/{CartographyLog.FileName}: cannot be read ({e.Message.ReplaceLineEndings(" ")}); the data map is left out";
            run.Warnings.Add(why);
            return [new ReportBlock.NoteBlock(why + ".")];
        }
        if (map.Epochs == 0 || map.Rows.All(x => !double.IsFinite(x.Confidence)))
            return [new ReportBlock.NoteBlock($"{CartographyLog.Folder}/{CartographyLog.FileName}: no complete epoch recorded yet, so no data map.")];
        string Count(string region) => map.Rows.Count(x => x.Region == region).ToString("N0", CultureInfo.InvariantCulture);
        var stats = new (string, string, string?)[]
        {
            ("Train rows", map.Rows.Count.ToString("N0", CultureInfo.InvariantCulture), string.Create(CultureInfo.InvariantCulture, $"over {map.Epochs} complete epoch(s)")),
            ("Easy", Count("easy"), string.Create(CultureInfo.InvariantCulture, $"variability < {CartographySummary.AmbiguousVariability}, confidence ≥ {CartographySummary.EasyConfidence}")),
            ("Ambiguous", Count("ambiguous"), string.Create(CultureInfo.InvariantCulture, $"variability ≥ {CartographySummary.AmbiguousVariability}")),
            ("Hard-to-learn", Count("hard"), string.Create(CultureInfo.InvariantCulture, $"variability < {CartographySummary.AmbiguousVariability}, confidence < {CartographySummary.EasyConfidence}")),
            ("Forgetting events", map.Rows.Sum(x => (long)x.ForgettingEvents).ToString("N0", CultureInfo.InvariantCulture), "correct → incorrect between presentations"),
            ("Never learned", map.Rows.Count(x => x.NeverLearned).ToString("N0", CultureInfo.InvariantCulture), "never predicted right"),
        };
        var blocks = new List<ReportBlock> { new ReportBlock.HtmlBlock(Html.StatGrid(stats)) };
        if (map.MissingUpdates > 0)
            blocks.Add(new ReportBlock.NoteBlock(string.Create(CultureInfo.InvariantCulture, $"The log misses {map.MissingUpdates:N0} update(s) of those epochs (cut short).")));
        blocks.Add(new ReportBlock.ChartBlock(CartographyChart.Build(map)));
        return blocks;
    }
}
