using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Stepwise.Reports;
using Stepwise.Training;
using Stepwise.Training.Runs;

namespace Stepwise.Cli.Commands;

/// <summary>
/// <c>stepwise report RUN_DIR [--out FILE.html] [--png DIR] [--open]</c>: one self-contained HTML page of plots for a run
/// folder (docs/reports.md). Exit 0 with warnings on stderr for a damaged or unfinished run (the page draws what it
/// can); 2 when RUN_DIR is not a run folder (nothing written); 4 when the page or a PNG cannot be written.
/// </summary>
public static class ReportCommand
{
    /// <summary>How long headless Chromium may take for the PNGs of one page.</summary>
    public static readonly TimeSpan PngTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext cx)
    {
        var dir = new Argument<string>("RUN_DIR") { Description = "A run folder (stepwise train --out)" };
        var output = new Option<string?>("--out") { Description = "The HTML file to write (default: RUN_DIR/report.html)" };
        var png = new Option<string?>("--png") { Description = "Also write each chart as DIR/<chart>.png (needs Chromium: Debian's chromium)" };
        var open = new Option<bool>("--open") { Description = "Open the page with xdg-open when written" };
        var command = new Command("report", "One self-contained HTML page of plots for a run folder (opens offline). Example: stepwise report runs/q --png out/") { dir, output, png, open };
        command.SetAction(r =>
        {
            RunFolder run;
            try
            {
                run = RunFolder.Open(r.GetValue(dir)!);
            }
            catch (RunInputException e)
            {
                return cx.BadInput(e.Message);
            }
            string file = r.GetValue(output) ?? Path.Combine(run.Directory, RunReport.FileName);
            ReportResult result;
            try
            {
                result = RunReport.Write(run, file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                cx.Err.WriteLine($"stepwise: error: cannot write {file}: {e.Message}");
                return ExitCodes.WriteFault;
            }
            return Finish(cx, result, r.GetValue(png), r.GetValue(open));
        });
        return command;
    }

    /// <summary>What every report-writing command does once the page is written: warnings to stderr, the file to stdout,
    /// then the PNGs (<paramref name="pngDirectory"/>) and <c>--open</c>. Returns the exit code.</summary>
    public static int Finish(CliContext cx, ReportResult result, string? pngDirectory, bool open)
    {
        ArgumentNullException.ThrowIfNull(cx);
        ArgumentNullException.ThrowIfNull(result);
        foreach (string w in result.Warnings) cx.Err.WriteLine($"stepwise: warning: {w}");
        cx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"report {result.Path} ({result.ChartIds.Count} charts, {result.Bytes / 1024.0:0} KiB)"));
        int code = ExitCodes.Ok;
        if (pngDirectory is not null) code = WritePngs(cx, result, pngDirectory);
        if (open) Open(cx, result.Path);
        return code;
    }

    /// <summary>Writes <c>report.html</c> into a run folder after <c>stepwise train</c> (also on exit 3): never throws and
    /// never changes the command's exit code; says on stderr where the page is, or why it could not be written.</summary>
    public static void WriteAfterTraining(CliContext cx, string runDirectory)
    {
        ArgumentNullException.ThrowIfNull(cx);
        try
        {
            var result = RunReport.WriteInto(RunFolder.Open(runDirectory));
            foreach (string w in result.Warnings) cx.Err.WriteLine($"stepwise: report: warning: {w}");
            cx.Err.WriteLine($"stepwise: report: {result.Path}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or RunInputException)
        {
            cx.Err.WriteLine($"stepwise: warning: report.html not written: {e.Message}");
        }
    }

    private static int WritePngs(CliContext cx, ReportResult result, string pngDirectory)
    {
        if (ChromiumPng.Find() is not { } chromium)
        {
            cx.Err.WriteLine($"stepwise: note: --png needs Chromium (Debian: apt-get install chromium); none found on PATH, so only {result.Path} was written");
            return ExitCodes.Ok;
        }
        try
        {
            var files = ChromiumPng.Export(result.Path, pngDirectory, chromium, PngTimeout);
            cx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"png {Path.GetFullPath(pngDirectory)} ({files.Count} charts)"));
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception or FormatException)
        {
            cx.Err.WriteLine($"stepwise: error: cannot write the PNGs into {pngDirectory}: {e.Message}");
            return ExitCodes.WriteFault;
        }
    }

    private static void Open(CliContext cx, string path)
    {
        string? opener = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "xdg-open")).FirstOrDefault(File.Exists);
        if (opener is null)
        {
            cx.Err.WriteLine($"stepwise: note: --open needs xdg-open, which is not installed; open {path} in a browser");
            return;
        }
        try
        {
            var psi = new ProcessStartInfo(opener) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            psi.ArgumentList.Add(path);
            using var p = Process.Start(psi);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            cx.Err.WriteLine($"stepwise: note: xdg-open failed ({e.Message}); open {path} in a browser");
        }
    }
}
