using System.CommandLine;
using Stepwise.Reports;
using Stepwise.Training.Runs;

namespace Stepwise.Cli.Commands;

/// <summary>
/// <c>--report FILE.html</c> of <c>stepwise runs DIR</c>: several runs side by side in one page (their curves overlaid,
/// a table of their final metrics). The runs command adds <see cref="Create"/> to its options and, when the option is
/// given, calls <see cref="Write"/> with the run folders it listed.
/// </summary>
public static class RunsReportOption
{
    /// <summary>The option.</summary>
    public static Option<string?> Create() => new("--report") { Description = "Also write the runs side by side as one HTML page (curves overlaid, final metrics)" };

    /// <summary>Writes the page of <paramref name="runs"/> to <paramref name="file"/>: warnings to stderr, "report FILE"
    /// to stdout. Returns 0, 2 when there are no runs (nothing written), or 4 when the file cannot be written.</summary>
    public static int Write(CliContext cx, IReadOnlyList<RunFolder> runs, string file)
    {
        ArgumentNullException.ThrowIfNull(cx);
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0) return cx.BadInput($"--report = {file}: no run folders to compare");
        ReportResult result;
        try
        {
            result = RunsReport.Write(runs, file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            cx.Err.WriteLine($"stepwise: error: cannot write {file}: {e.Message}");
            return ExitCodes.WriteFault;
        }
        return ReportCommand.Finish(cx, result, pngDirectory: null, open: false);
    }
}
