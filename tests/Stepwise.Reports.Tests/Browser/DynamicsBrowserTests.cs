using Microsoft.Playwright;
using Stepwise.Training.Runs;

namespace Stepwise.Reports.Tests.Browser;

/// <summary>The dynamics section in headless Chromium: a <c>stepwise dynamics --quick-test</c> run's own report.html, a
/// stopped experiment and a cartography run — every chart drawn with marks, no console error or warning, no request
/// but the page's file, tooltips on hover, the selectors redraw without an error; screenshots in screenshots/.</summary>
public sealed class DynamicsBrowserTests : IClassFixture<BrowserSession>, IClassFixture<DynamicsRuns>
{
    private static readonly string[] ExperimentCharts =
    [
        "dynamics-trajectories-absolute", "dynamics-trajectories-scale-free", "dynamics-memorization-vs-compression",
        "dynamics-heatmap-absolute", "dynamics-heatmap-scale-free", "dynamics-passages", "dynamics-memorization-rate",
    ];

    private readonly BrowserSession _browser;
    private readonly DynamicsRuns _runs;

    public DynamicsBrowserTests(BrowserSession browser, DynamicsRuns runs) => (_browser, _runs) = (browser, runs);

    private async Task<BrowserSession.Loaded> OpenChecked(string html, IReadOnlyList<string> charts, string screenshot)
    {
        var loaded = await _browser.Open(html);
        Assert.Empty(loaded.Console);
        string self = new Uri(Path.GetFullPath(html)).AbsoluteUri;
        Assert.All(loaded.Requests, r => Assert.Equal(self, r));
        Assert.Empty(await loaded.Page.EvaluateAsync<string[]>("() => window.stepwiseReport.failed"));
        var drawn = await loaded.Page.EvaluateAsync<string[]>("() => window.stepwiseReport.rendered");
        Assert.Equal(charts.Order(), drawn.Order());
        foreach (string id in charts) Assert.True(await BrowserSession.Marks(loaded.Page, id) > 0, $"chart {id} has no marks");
        Directory.CreateDirectory(BrowserSession.Screenshots);
        await loaded.Page.ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.Screenshots, screenshot), FullPage = true });
        var section = loaded.Page.Locator("section#dynamics");
        await section.ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.Screenshots, Path.GetFileNameWithoutExtension(screenshot) + "-section.png") });
        return loaded;
    }

    /// <summary>Moves the pointer over the first mark matching <paramref name="selector"/> in chart <paramref name="id"/>
    /// and returns the tooltip's text.</summary>
    private static async Task<string> Tooltip(IPage page, string id, string selector)
    {
        var mark = page.Locator($"#vis-{id} {selector}").First;
        await mark.ScrollIntoViewIfNeededAsync();
        var box = await mark.BoundingBoxAsync();
        Assert.NotNull(box);
        await page.Mouse.MoveAsync(box!.X + box.Width / 2, box.Y + box.Height / 2);
        var tip = page.Locator("#vg-tooltip-element.visible");
        try
        {
            await tip.WaitForAsync(new() { Timeout = 5000 });
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"no tooltip over {selector} of chart {id}", e);
        }
        return await tip.InnerTextAsync();
    }

    [ChromiumFact]
    public async Task The_report_a_dynamics_run_writes_draws_every_figure_with_tooltips_and_selectors()
    {
        string html = Path.Combine(_runs.Completed, RunReport.FileName);
        await using var loaded = await OpenChecked(html, ["plan-timeline", "loss", "lr", "eval-loss", "eval-accuracy", "throughput", .. ExperimentCharts], "dynamics-run.png");
        var page = loaded.Page;
        Assert.Contains("trained − novel", await Tooltip(page, "dynamics-heatmap-absolute", "g.mark-rect.role-mark path"), StringComparison.Ordinal);
        Assert.Contains("mean, trained", await Tooltip(page, "dynamics-trajectories-scale-free", "g.mark-symbol.role-mark path"), StringComparison.Ordinal);
        Assert.Contains("passage", await Tooltip(page, "dynamics-memorization-vs-compression", "g.mark-symbol.role-mark path"), StringComparison.Ordinal);
        // the hover rule of the rate chart answers anywhere over the plot
        await page.Locator("#vis-dynamics-memorization-rate").ScrollIntoViewIfNeededAsync();
        var box = await page.Locator("#vis-dynamics-memorization-rate svg.marks").BoundingBoxAsync();
        await page.Mouse.MoveAsync(box!.X + box.Width * 0.45f, box.Y + box.Height * 0.55f, new() { Steps = 4 });
        await page.Locator("#vg-tooltip-element.visible").WaitForAsync(new() { Timeout = 5000 });
        Assert.Contains("trained, seed rule", await page.Locator("#vg-tooltip-element.visible").InnerTextAsync(), StringComparison.Ordinal);

        // the selectors: another transition and the scale-free score redraw the scatter with points; another fit axis the trajectories
        var scatter = page.Locator("figure[data-chart=dynamics-memorization-vs-compression]");
        var points = page.Locator("#vis-dynamics-memorization-vs-compression g.mark-symbol.role-mark path");
        Assert.Equal(3 * 16, await points.CountAsync()); // 16 passages at each of the 3 epochs
        await scatter.Locator("select").SelectOptionAsync(new SelectOptionValue { Index = 0 });
        await scatter.Locator("input[type=radio][value=scale_free]").CheckAsync();
        await page.WaitForTimeoutAsync(200);
        Assert.Equal(3 * 16, await points.CountAsync());
        var trajectories = page.Locator("figure[data-chart=dynamics-trajectories-absolute]");
        await trajectories.Locator("input[type=radio][value=log_epoch]").CheckAsync();
        await page.WaitForTimeoutAsync(200);
        Assert.True(await BrowserSession.Marks(page, "dynamics-trajectories-absolute") > 0);
        await page.Locator("figure[data-chart=dynamics-passages] input[type=radio][value=scale_free]").CheckAsync();
        await page.WaitForTimeoutAsync(200);
        Assert.True(await BrowserSession.Marks(page, "dynamics-passages") > 0);
        Assert.Empty(loaded.Console);

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("figure[data-chart=dynamics-heatmap-absolute] button.csv").ClickAsync());
        Assert.Equal("dynamics-heatmap-absolute.csv", download.SuggestedFilename);
        string csv = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.StartsWith("transition,layer,epoch,step,difference,", csv, StringComparison.Ordinal);
        Assert.Equal(2 * 3 + 1, csv.TrimEnd('\n').Split('\n').Length); // 2 transitions × 3 epochs, and the header
    }

    [ChromiumFact]
    public async Task A_stopped_experiment_draws_its_one_measured_epoch_without_errors()
    {
        var result = RunReport.Write(RunFolder.Open(_runs.Stopped), Path.Combine(_runs.Dir("pages"), "dynamics-stopped.html"));
        Assert.Contains("dynamics-heatmap-absolute", result.ChartIds);
        await using var loaded = await OpenChecked(result.Path, result.ChartIds, "dynamics-stopped.png");
        Assert.Contains("1 of 3 scheduled epochs measured", await loaded.Page.Locator("section#dynamics").InnerTextAsync(), StringComparison.Ordinal);
    }

    [ChromiumFact]
    public async Task A_cartography_run_draws_the_data_map_with_its_regions_and_a_tooltip()
    {
        var result = RunReport.Write(RunFolder.Open(_runs.CartographyRun), Path.Combine(_runs.Dir("pages"), "cartography.html"));
        Assert.Contains("dynamics-cartography", result.ChartIds);
        await using var loaded = await OpenChecked(result.Path, result.ChartIds, "cartography-run.png");
        Assert.Equal(2, await loaded.Page.Locator("#vis-dynamics-cartography g.mark-rule.role-mark line").CountAsync());
        Assert.Contains("confidence", await Tooltip(loaded.Page, "dynamics-cartography", "g.mark-symbol.role-mark path"), StringComparison.Ordinal);
    }
}
