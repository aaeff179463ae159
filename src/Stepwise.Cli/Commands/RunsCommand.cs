using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Stepwise.Cli.Output;
using Stepwise.Training;
using Stepwise.Training.Cluster;
using Stepwise.Training.Runs;

namespace Stepwise.Cli.Commands;

/// <summary>
/// <c>stepwise runs DIR [--format text|json|csv]</c>: the runs of a sweep folder (what <c>stepwise slurm --out DIR</c>
/// wrote, or any folder of run folders), one row each: name, overrides, status, step/total, last loss and evaluation,
/// best checkpoint and the Slurm allocations it used (<see cref="SweepRuns"/>). Reads only.
/// </summary>
public static class RunsCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext cx)
    {
        var dir = new Argument<string>("DIR") { Description = "A sweep folder (stepwise slurm --out DIR), a folder of run folders, or one run folder" };
        var format = CommonOptions.Format();
        var report = RunsReportOption.Create();
        var command = new Command("runs", "The runs of a sweep or a folder of runs: status, step, last metrics, best checkpoint, allocations; --report draws them side by side. Example: stepwise runs /tmp/sweep --report sweep.html")
        {
            dir, format, report,
        };
        command.SetAction(r => Run(cx, r.GetValue(dir)!, CommonOptions.FormatOf(r.GetValue(format)), r.GetValue(report)));
        return command;
    }

    internal static int Run(CliContext cx, string directory, OutputFormat format, string? reportFile = null)
    {
        IReadOnlyList<SweepRun> runs;
        try { runs = SweepRuns.Read(directory, w => cx.Err.WriteLine($"stepwise: warning: {w}")); }
        catch (RunInputException e) { return cx.BadInput(e.Message); }
        foreach (var run in runs.Where(x => x.Problem is not null)) cx.Err.WriteLine($"stepwise: warning: {run.Name}: {run.Problem}");
        if (reportFile is not null)
        {
            var folders = runs.Where(x => x.Problem is null && x.Status is not null).Select(x => RunFolder.Open(x.Directory)).ToList();
            int code = RunsReportOption.Write(cx with { Out = cx.Err }, folders, reportFile);   // stdout keeps the table alone
            if (code != ExitCodes.Ok) return code;
        }
        switch (format)
        {
            case OutputFormat.Json: cx.Out.Write(SweepRunTable.Json(runs)); break;
            case OutputFormat.Csv: SweepRunTable.Csv(cx.Out, runs); break;
            default: WriteTable(cx.Out, runs); break;
        }
        return ExitCodes.Ok;
    }

    private static void WriteTable(TextWriter o, IReadOnlyList<SweepRun> runs)
    {
        var inv = CultureInfo.InvariantCulture;
        var table = new Table().Border(TableBorder.Simple)
            .AddColumns("run", "overrides", "status", "step", "loss", "last evaluation", "best checkpoint", "allocations");
        foreach (var r in runs)
        {
            string step = r.TotalSteps is { } t ? string.Create(inv, $"{r.Step}/{t}") : r.Step.ToString(inv);
            string loss = r.LastTraining?.Get("loss") is { } l ? l.ToString("0.####", inv) : "-";
            string eval = r.LastEvaluation is { } e
                ? string.Create(inv, $"@{e.Step} ") + string.Join(" ", e.Values.Select(v => $"{v.Key}={(v.Value is { } x ? x.ToString("0.####", inv) : "null")}"))
                : "-";
            table.AddRow(Markup.Escape(r.Name), Markup.Escape(r.OverridesText.Length > 0 ? r.OverridesText : "-"), r.StatusName, step, loss,
                Markup.Escape(eval), Markup.Escape(r.BestCheckpoint ?? "-"), r.Allocations?.ToString(inv) ?? "-");
        }
        var console = PlanText.Console(o);
        console.Profile.Width = 160;
        console.Write(table);
        int done = runs.Count(r => r.Status == RunStatus.Completed);
        int pending = runs.Count(r => r.Status is null && r.Problem is null);
        int active = runs.Count(r => r.Status is RunStatus.Running or RunStatus.Stopped);
        o.WriteLine(string.Create(inv, $"{runs.Count} run{(runs.Count == 1 ? "" : "s")}: {done} completed, {pending} pending, {active} running or stopped, {runs.Count - done - pending - active} failed or unreadable"));
    }
}
