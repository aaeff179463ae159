using Microsoft.Playwright;

namespace Stepwise.Reports.Tests.Browser;

/// <summary>
/// One headless Chromium (Debian's, through Microsoft.Playwright) for the browser tests, with the flags a closed
/// network needs. <see cref="Open"/> loads a report and records every console message, page error and request, so a
/// test can assert that a page logs nothing and asks for nothing but its own file.
/// </summary>
public sealed class BrowserSession : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots go: screenshots/ in the test output folder (kept as test artifacts).</summary>
    public static string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumFactAttribute.Executable)) return;
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumFactAttribute.Executable,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_playwright is null) return;
        await Browser.CloseAsync();
        _playwright.Dispose();
    }

    /// <summary>A loaded report page and what it logged and requested.</summary>
    public sealed record Loaded(IPage Page, IBrowserContext Context, List<string> Console, List<string> Requests) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await Context.CloseAsync();
    }

    /// <summary>Opens <paramref name="html"/> and waits until every chart is drawn (or failed).</summary>
    public async Task<Loaded> Open(string html, int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height }, AcceptDownloads = true });
        var page = await context.NewPageAsync();
        var console = new List<string>();
        var requests = new List<string>();
        page.Console += (_, m) =>
        {
            if (m.Type is "error" or "warning") console.Add($"{m.Type}: {m.Text}");
        };
        page.PageError += (_, e) => console.Add($"pageerror: {e}");
        page.Request += (_, r) => requests.Add(r.Url);
        string url = new Uri(Path.GetFullPath(html)).AbsoluteUri;
        await page.GotoAsync(url);
        await page.WaitForFunctionAsync("() => window.stepwiseReport && window.stepwiseReport.done", null, new() { Timeout = 30_000 });
        return new Loaded(page, context, console, requests);
    }

    /// <summary>The number of drawn marks (SVG paths, lines, text of mark groups) in chart <paramref name="id"/>.</summary>
    public static Task<int> Marks(IPage page, string id) => page.EvaluateAsync<int>(
        "id => { const svg = document.querySelector('#vis-' + id + ' svg.marks'); if (!svg) return 0;" +
        " return Array.from(svg.querySelectorAll('g.mark-line path, g.mark-symbol path, g.mark-rect path, g.mark-rule line, g.mark-area path'))" +
        ".filter(e => (e.getAttribute('d') || '') !== '' || e.tagName === 'line').length; }", id);
}
