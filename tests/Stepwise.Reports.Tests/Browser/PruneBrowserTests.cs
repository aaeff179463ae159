using Stepwise.Training.Runs;

namespace Stepwise.Reports.Tests.Browser;

/// <summary>The report of a pruning experiment in headless Chromium: the influence and pruning sections draw every chart
/// with marks, with no console error and no request; the grouped bars show their tooltip. Screenshots of the page and of
/// each analysis chart are saved under screenshots/.</summary>
public sealed class PruneBrowserTests : IClassFixture<BrowserSession>, IClassFixture<PruneRun>
{
    private readonly BrowserSession _browser;
    private readonly PruneRun _run;

    public PruneBrowserTests(BrowserSession browser, PruneRun run) => (_browser, _run) = (browser, run);

    [ChromiumFact]
    public async Task A_pruning_run_report_draws_the_influence_and_pruning_charts()
    {
        var result = RunReport.Write(RunFolder.Open(_run.Dir), Path.Combine(_run.Runs.Dir("pages"), "prune.html"));
        Assert.Empty(result.Warnings);
        string[] analysis = ["influence-scores-tim", "influence-scores-tracin", "influence-rank-correlation", "pruning-accuracy", "pruning-recall"];
        Assert.All(analysis, id => Assert.Contains(id, result.ChartIds));
        await using var loaded = await _browser.Open(result.Path);
        Assert.Empty(loaded.Console);
        string self = new Uri(Path.GetFullPath(result.Path)).AbsoluteUri;
        Assert.All(loaded.Requests, r => Assert.Equal(self, r));
        Assert.Empty(await loaded.Page.EvaluateAsync<string[]>("() => window.stepwiseReport.failed"));
        Assert.Equal(result.ChartIds.Order(), (await loaded.Page.EvaluateAsync<string[]>("() => window.stepwiseReport.rendered")).Order());
        foreach (string id in result.ChartIds) Assert.True(await BrowserSession.Marks(loaded.Page, id) > 0, $"chart {id} has no marks");
        Directory.CreateDirectory(BrowserSession.Screenshots);
        await loaded.Page.ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.Screenshots, "prune-run.png"), FullPage = true });
        foreach (string id in analysis)
            await loaded.Page.Locator($"figure[data-chart={id}]").ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.Screenshots, $"prune-{id}.png") });
        await loaded.Page.Locator("section#pruning").ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.Screenshots, "prune-section.png") });
        // 3 stages × (TIM, TracIn, random, oracle, none) bars, and one error bar each over the 2 repeats
        Assert.Equal(15, await loaded.Page.Locator("#vis-pruning-accuracy g.mark-rect.layer_0_marks path").CountAsync());
        Assert.Equal(15, await loaded.Page.Locator("#vis-pruning-accuracy g.mark-rule.layer_1_marks line").CountAsync());

        var bar = loaded.Page.Locator("#vis-pruning-accuracy g.mark-rect.layer_0_marks path").First;
        await bar.ScrollIntoViewIfNeededAsync();
        var box = await bar.BoundingBoxAsync();
        await loaded.Page.Mouse.MoveAsync(box!.X + box.Width / 2, box.Y + box.Height / 2);
        var tip = loaded.Page.Locator("#vg-tooltip-element.visible");
        await tip.WaitForAsync(new() { Timeout = 5000 });
        Assert.Contains("std over repeats", await tip.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Empty(loaded.Console);
    }
}
