using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Stepwise.Training.Runs;

namespace Stepwise.Reports.Tests.Browser;

/// <summary>Reports opened in a real headless Chromium: no console errors or warnings, no request but the page's own
/// file, marks in every chart, a tooltip on hover, the CSV download and the log-scale switch; screenshots are saved
/// under screenshots/ in the test output folder.</summary>
public sealed class ReportBrowserTests : IClassFixture<BrowserSession>, IClassFixture<RunReportTests.Folders>
{
    private readonly BrowserSession _browser;
    private readonly RunReportTests.Folders _runs;

    public ReportBrowserTests(BrowserSession browser, RunReportTests.Folders runs) => (_browser, _runs) = (browser, runs);

    private async Task<BrowserSession.Loaded> OpenChecked(string html, IReadOnlyList<string> charts, string screenshot)
    {
        var loaded = await _browser.Open(html);
        Assert.Empty(loaded.Console);
        string self = new Uri(Path.GetFullPath(html)).AbsoluteUri;
        Assert.All(loaded.Requests, r => Assert.Equal(self, r));
        var state = await loaded.Page.EvaluateAsync<string[]>("() => window.stepwiseReport.failed");
        Assert.Empty(state);
        var drawn = await loaded.Page.EvaluateAsync<string[]>("() => window.stepwiseReport.rendered");
        Assert.Equal(charts.Order(), drawn.Order());
        foreach (string id in charts) Assert.True(await BrowserSession.Marks(loaded.Page, id) > 0, $"chart {id} has no marks");
        Directory.CreateDirectory(BrowserSession.Screenshots);
        await loaded.Page.ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.Screenshots, screenshot), FullPage = true });
        return loaded;
    }

    private static async Task AssertTooltip(IPage page, string id, string expected)
    {
        var box = await page.Locator($"#vis-{id} svg.marks").BoundingBoxAsync();
        Assert.NotNull(box);
        await page.Locator($"#vis-{id}").ScrollIntoViewIfNeededAsync();
        box = await page.Locator($"#vis-{id} svg.marks").BoundingBoxAsync();
        await page.Mouse.MoveAsync(box!.X + box.Width * 0.5f, box.Y + box.Height * 0.55f);
        var tip = page.Locator("#vg-tooltip-element.visible");
        await tip.WaitForAsync(new() { Timeout = 5000 });
        Assert.Contains(expected, await tip.InnerTextAsync(), StringComparison.Ordinal);
    }

    [ChromiumFact]
    public async Task A_training_run_report_draws_every_chart_shows_tooltips_and_downloads_csv()
    {
        var result = RunReport.Write(RunFolder.Open(_runs.Completed), Path.Combine(_runs.Runs.Dir("pages"), "completed.html"));
        Assert.Equal(6, result.ChartIds.Count);
        await using var loaded = await OpenChecked(result.Path, result.ChartIds, "training-run.png");
        var page = loaded.Page;
        await AssertTooltip(page, "loss", "loss (smoothed)");
        await AssertTooltip(page, "lr", "learning rate");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("figure[data-chart=loss] button.csv").ClickAsync());
        Assert.Equal("loss.csv", download.SuggestedFilename);
        string csv = await File.ReadAllTextAsync(await download.PathAsync());
        var lines = csv.TrimEnd('\n').Split('\n');
        Assert.Equal("step,epoch,loss,loss_smoothed", lines[0]);
        var training = RunFolder.Open(_runs.Completed).Metrics().Where(m => m.IsTraining).ToList();
        Assert.Equal(training.Count, lines.Length - 1);
        Assert.StartsWith(training[0].Step.ToString(System.Globalization.CultureInfo.InvariantCulture) + ",", lines[1], StringComparison.Ordinal);
        // the log-scale step axis redraws the chart without an error
        await page.Locator("figure[data-chart=loss] input.logx").CheckAsync();
        await page.WaitForFunctionAsync("() => document.querySelector('#vis-loss svg') !== null");
        Assert.True(await BrowserSession.Marks(page, "loss") > 0);
        Assert.Empty(loaded.Console);
    }

    [ChromiumFact]
    public async Task A_resumed_and_a_stopped_run_render_without_errors()
    {
        foreach (var (dir, name) in new[] { (_runs.Resumed, "resumed-run.png"), (_runs.Stopped, "stopped-run.png") })
        {
            var result = RunReport.Write(RunFolder.Open(dir), Path.Combine(_runs.Runs.Dir("pages"), name + ".html"));
            await using var loaded = await OpenChecked(result.Path, result.ChartIds, name);
            Assert.True(await loaded.Page.Locator("#vis-loss g.mark-rule line").CountAsync() > 0);
            await AssertTooltip(loaded.Page, "throughput", "updates/s");
        }
    }

    [ChromiumFact]
    public async Task A_run_with_analysis_files_not_yet_drawn_renders_its_notes()
    {
        string dir = _runs.Runs.Dir("with-analyses");
        TestRuns.Train(TestRuns.Mlp, dir);
        File.WriteAllText(Path.Combine(dir, "prune_results.json"), "{}");
        File.WriteAllText(Path.Combine(dir, "results.json"), "{}");
        var result = RunReport.Write(RunFolder.Open(dir), Path.Combine(dir, "report.html"));
        await using var loaded = await OpenChecked(result.Path, result.ChartIds, "analysis-run.png");
        Assert.Equal(1, await loaded.Page.Locator("section#pruning").CountAsync());
        Assert.Equal(1, await loaded.Page.Locator("section#dynamics").CountAsync());
    }

    [ChromiumFact]
    public async Task A_plan_report_draws_the_timeline_with_stage_bands_and_a_tooltip()
    {
        var (code, html, err) = CliReport.Run("plan", CliReport.Example("seed000-windows.yaml"), "--format", "html");
        Assert.True(code == 0, err);
        string path = Path.Combine(_runs.Runs.Dir("pages"), "plan.html");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, html);
        await using var loaded = await OpenChecked(path, ["plan-timeline"], "plan.png");
        Assert.Equal(5, await loaded.Page.Locator("#vis-plan-timeline g.stage_windows_marks path").CountAsync());
        var band = loaded.Page.Locator("#vis-plan-timeline g.stage_windows_marks path").First;
        var box = await band.BoundingBoxAsync();
        await loaded.Page.Mouse.MoveAsync(box!.X + box.Width * 0.2f, box.Y + box.Height * 0.3f); // beside the label
        var tip = loaded.Page.Locator("#vg-tooltip-element.visible");
        await tip.WaitForAsync(new() { Timeout = 5000 });
        Assert.Matches(new Regex(@"stage 1: updates \[0, \d+\]"), await tip.InnerTextAsync());
    }

    [ChromiumFact]
    public async Task A_three_million_step_plan_is_binned_and_renders()
    {
        string config = Path.Combine(_runs.Runs.Dir("configs"), "long.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(config)!);
        File.WriteAllText(config, """
            name: long-plan
            data: { train_size: 1000000 }
            batch: { size: 32 }
            duration: { max_steps: 3000000 }
            checkpoints: { every: 1000 }
            eval: { every: 500 }
            stages: 5
            """);
        var (code, html, err) = CliReport.Run("plan", config, "--format", "html");
        Assert.True(code == 0, err);
        Assert.True(html.Length < 5_000_000, $"{html.Length} characters");
        string path = Path.Combine(_runs.Runs.Dir("pages"), "long-plan.html");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, html);
        await using var loaded = await OpenChecked(path, ["plan-timeline"], "long-plan.png");
        await loaded.Page.Locator("figure[data-chart=plan-timeline] input.logx").CheckAsync();
        await loaded.Page.WaitForFunctionAsync("() => document.querySelector('#vis-plan-timeline svg') !== null");
        Assert.True(await BrowserSession.Marks(loaded.Page, "plan-timeline") > 0);
        Assert.Empty(loaded.Console);
    }

    [ChromiumFact]
    public async Task Runs_side_by_side_overlay_their_curves()
    {
        string other = _runs.Runs.Dir("lr-0.05");
        TestRuns.Train(TestRuns.Mlp.Replace("lr: 0.1", "lr: 0.05", StringComparison.Ordinal), other);
        var folders = new[] { _runs.Completed, other, _runs.Stopped }.Select(RunFolder.Open).ToList();
        var result = RunsReport.Write(folders, Path.Combine(_runs.Runs.Dir("pages"), "runs.html"));
        await using var loaded = await OpenChecked(result.Path, result.ChartIds, "runs.png");
        Assert.Equal(3, await loaded.Page.Locator("#vis-runs-loss g.mark-line path").CountAsync());
        await AssertTooltip(loaded.Page, "runs-loss", "run");
    }

    [ChromiumFact]
    public void Png_export_writes_one_png_per_chart()
    {
        string png = _runs.Runs.Dir("png");
        string html = Path.Combine(_runs.Runs.Dir("pages"), "png.html");
        var (code, stdout, err) = CliReport.Run("report", _runs.Completed, "--out", html, "--png", png);
        Assert.True(code == 0, err);
        Assert.Contains("png ", stdout, StringComparison.Ordinal);
        var files = Directory.GetFiles(png, "*.png").Select(Path.GetFileNameWithoutExtension).Order().ToList();
        Assert.Equal(["eval-accuracy", "eval-loss", "loss", "lr", "plan-timeline", "throughput"], files);
        foreach (string f in Directory.GetFiles(png)) Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(f)[..4]);
    }
}
