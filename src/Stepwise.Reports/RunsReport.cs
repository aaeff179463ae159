using System.Text;
using Stepwise.Reports.Page;
using Stepwise.Reports.Sections;
using Stepwise.Training.Runs;

namespace Stepwise.Reports;

/// <summary>Several runs side by side in one page (<c>stepwise runs DIR --report FILE.html</c>): a table of their
/// status and final metrics and their curves overlaid. Like <see cref="RunReport"/>, damaged folders never make it
/// throw; each run's warnings are prefixed with its name.</summary>
public static class RunsReport
{
    /// <summary>Writes the page of <paramref name="runs"/> (in the given order) to <paramref name="outFile"/> atomically.
    /// Throws only when the file cannot be written, or for an empty list (ArgumentException).</summary>
    public static ReportResult Write(IReadOnlyList<RunFolder> runs, string outFile) => ReportFile.Write(Page(runs), outFile);

    internal static ReportPage Page(IReadOnlyList<RunFolder> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0) throw new ArgumentException("no runs to compare", nameof(runs));
        var data = runs.Select(RunData.Read).ToList();
        var names = RunsOverlay.Names(data);
        var warnings = new List<string>();
        for (int i = 0; i < data.Count; i++) warnings.AddRange(data[i].Warnings.Select(w => $"{names[i]}: {w}"));
        var header = new StringBuilder(Html.StatGrid([("Runs", data.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), null),
            ("Completed", data.Count(d => d.Status?.Status == RunStatus.Completed).ToString(System.Globalization.CultureInfo.InvariantCulture), null),
            ("Stopped or failed", data.Count(d => d.Status?.Status is RunStatus.Stopped or RunStatus.Failed).ToString(System.Globalization.CultureInfo.InvariantCulture), "resumable with --resume auto")]));
        header.Append(RunsOverlay.Table(data, names));
        List<ReportBlock> blocks;
        try
        {
            blocks = [.. RunsOverlay.Charts(data, names).Select(c => (ReportBlock)new ReportBlock.ChartBlock(c))];
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            warnings.Add($"the curves could not be drawn ({e.GetType().Name}: {e.Message})");
            blocks = [new ReportBlock.NoteBlock("The curves could not be drawn.")];
        }
        if (blocks.Count == 0) blocks.Add(new ReportBlock.NoteBlock("None of these runs has metrics yet."));
        string parents = string.Join(", ", runs.Select(r => Path.GetDirectoryName(r.Directory) ?? r.Directory).Distinct(StringComparer.Ordinal));
        return new ReportPage
        {
            Title = data.Count == 1 ? "1 run" : $"{data.Count} runs",
            Subtitle = parents,
            HeaderHtml = header.ToString(),
            Sections = [new ReportSection("curves", "Curves side by side", blocks)],
            Warnings = warnings,
        };
    }
}
