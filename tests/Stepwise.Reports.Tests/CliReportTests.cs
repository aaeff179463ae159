namespace Stepwise.Reports.Tests;

public class CliReportTests : IClassFixture<RunReportTests.Folders>
{
    private readonly RunReportTests.Folders _f;

    public CliReportTests(RunReportTests.Folders f) => _f = f;

    [Fact]
    public void Report_writes_report_html_into_the_run_folder_and_names_it_on_stdout()
    {
        string dir = _f.Runs.Dir("cli-default");
        TestRuns.Train(TestRuns.Mlp, dir);
        var (code, stdout, stderr) = CliReport.Run("report", dir);
        Assert.True(code == 0, stderr);
        Assert.Equal("", stderr);
        Assert.Matches($"^report {System.Text.RegularExpressions.Regex.Escape(Path.Combine(dir, "report.html"))} \\(6 charts, \\d+ KiB\\)\n$", stdout.ReplaceLineEndings("\n"));
        Assert.True(File.Exists(Path.Combine(dir, "report.html")));
        Assert.False(File.Exists(Path.Combine(dir, "report.html.tmp")));
    }

    [Fact]
    public void A_damaged_run_exits_0_with_warnings_on_stderr()
    {
        string dir = _f.Runs.Dir("cli-damaged");
        TestRuns.Train(TestRuns.Mlp, dir, stopAt: 20);
        File.AppendAllText(Path.Combine(dir, "metrics.jsonl"), "{\"step\":22,\"lo");
        string out_ = Path.Combine(_f.Runs.Dir("cli-out"), "damaged.html");
        var (code, stdout, stderr) = CliReport.Run("report", dir, "--out", out_);
        Assert.Equal(0, code);
        Assert.Contains("stepwise: warning: metrics.jsonl line", stderr, StringComparison.Ordinal);
        Assert.StartsWith("report " + out_, stdout, StringComparison.Ordinal);
        Assert.Contains("stopped at step 20 of 102", File.ReadAllText(out_), StringComparison.Ordinal);
    }

    [Fact]
    public void Not_a_run_folder_exits_2_and_writes_nothing()
    {
        string dir = _f.Runs.Dir("not-a-run");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "x");
        var (code, stdout, stderr) = CliReport.Run("report", dir);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal($"stepwise: error: {dir}: not a run folder (no run.json, plan.json, metrics.jsonl or checkpoint_step_N)\n", stderr.ReplaceLineEndings("\n"));
        Assert.Equal(["notes.txt"], Directory.GetFiles(dir).Select(Path.GetFileName));
        Assert.Equal(2, CliReport.Run("report", _f.Runs.Dir("missing")).Code);
    }

    [Fact]
    public void An_unwritable_output_exits_4()
    {
        string blocker = Path.Combine(_f.Runs.Dir("cli-blocked"), "file");
        Directory.CreateDirectory(Path.GetDirectoryName(blocker)!);
        File.WriteAllText(blocker, "a file where a folder should be");
        var (code, _, stderr) = CliReport.Run("report", _f.Completed, "--out", Path.Combine(blocker, "report.html"));
        Assert.Equal(4, code);
        Assert.StartsWith("stepwise: error: cannot write ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_format_html_writes_one_page_to_stdout_and_only_plan_accepts_it()
    {
        var (code, html, stderr) = CliReport.Run("plan", CliReport.Example("seed000-windows.yaml"), "--format", "html");
        Assert.True(code == 0, stderr);
        Assert.StartsWith("<!doctype html>", html, StringComparison.Ordinal);
        var specs = ReportPages.Specs(html);
        var rows = ReportPages.Table(specs["plan-timeline"]);
        Assert.Equal(["stage 1: updates [0, 125], 126 steps (~2 epochs)", "stage 2: updates [126, 251], 126 steps (~2 epochs)"],
            rows.Where(r => r!["kind"]!.GetValue<string>() == "window").Take(2).Select(r => r!["label"]!.GetValue<string>()));
        var (bad, _, err) = CliReport.Run("windows", CliReport.Example("seed000-windows.yaml"), "--format", "html");
        Assert.Equal(2, bad);
        Assert.Contains("--format = html: not a format of this command; allowed: text, json, csv", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Runs_report_option_writes_the_side_by_side_page_and_refuses_an_empty_list()
    {
        var cx = new Stepwise.Cli.CliContext(new StringWriter(), new StringWriter());
        string file = Path.Combine(_f.Runs.Dir("cli-runs"), "runs.html");
        var runs = new[] { _f.Completed, _f.Stopped }.Select(Stepwise.Training.Runs.RunFolder.Open).ToList();
        Assert.Equal(0, Stepwise.Cli.Commands.RunsReportOption.Write(cx, runs, file));
        var specs = ReportPages.Specs(File.ReadAllText(file));
        Assert.Equal(["completed", "stopped"], ReportPages.Table(specs["runs-loss"]).Select(r => r!["run"]!.GetValue<string>()).Distinct());
        Assert.Equal(2, Stepwise.Cli.Commands.RunsReportOption.Write(cx, [], Path.Combine(_f.Runs.Dir("cli-runs"), "none.html")));
        Assert.False(File.Exists(Path.Combine(_f.Runs.Dir("cli-runs"), "none.html")));
        Assert.Equal("--report", Stepwise.Cli.Commands.RunsReportOption.Create().Name);
    }

    [Fact]
    public void The_helper_for_train_writes_report_html_and_never_throws()
    {
        string dir = _f.Runs.Dir("cli-after-train");
        TestRuns.Train(TestRuns.Mlp, dir, stopAt: 30);
        var err = new StringWriter();
        Stepwise.Cli.Commands.ReportCommand.WriteAfterTraining(new Stepwise.Cli.CliContext(new StringWriter(), err), dir);
        Assert.Equal($"stepwise: report: {Path.Combine(dir, "report.html")}\n", err.ToString().ReplaceLineEndings("\n"));
        var err2 = new StringWriter();
        Stepwise.Cli.Commands.ReportCommand.WriteAfterTraining(new Stepwise.Cli.CliContext(new StringWriter(), err2), _f.Runs.Dir("nothing-here"));
        Assert.StartsWith("stepwise: warning: report.html not written: ", err2.ToString(), StringComparison.Ordinal);
    }
}
