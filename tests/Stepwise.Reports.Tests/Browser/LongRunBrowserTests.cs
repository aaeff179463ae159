using System.Globalization;
using Stepwise.Training.Runs;

namespace Stepwise.Reports.Tests.Browser;

/// <summary>The page of a 1,000,000-row run: under 5 MB, drawn in headless Chromium in under 2 s. A timing check, so it
/// runs only with STEPWISE_FULL=1 (on a quiet machine).</summary>
public sealed class LongRunBrowserTests : IClassFixture<BrowserSession>
{
    private readonly BrowserSession _browser;

    public LongRunBrowserTests(BrowserSession browser) => _browser = browser;

    [ChromiumFact]
    public async Task A_million_row_run_opens_in_under_two_seconds()
    {
        if (Environment.GetEnvironmentVariable("STEPWISE_FULL") != "1")
        {
            Console.Error.WriteLine("long-run page timing skipped: set STEPWISE_FULL=1");
            return;
        }
        using var runs = new TestRuns();
        string dir = runs.Dir("million");
        TestRuns.Train(TestRuns.Mlp, dir);
        using (var w = new StreamWriter(Path.Combine(dir, RunFiles.Metrics)))
        {
            var rng = new Random(11);
            for (int i = 1; i <= 1_000_000; i++)
            {
                double loss = 2.5 * Math.Exp(-i / 200_000.0) + 0.1 + 0.05 * rng.NextDouble();
                w.Write(string.Create(CultureInfo.InvariantCulture, $"{{\"step\":{i},\"epoch\":{i / 34.0:0.######},\"lr\":{0.1 * (1 - i / 1e6):R},\"loss\":{loss:R}}}\n"));
                if (i % 10_000 == 0) w.Write(string.Create(CultureInfo.InvariantCulture, $"{{\"step\":{i},\"epoch\":1,\"val_loss\":{loss:R},\"val_accuracy\":0.5}}\n"));
            }
        }
        var result = RunReport.Write(RunFolder.Open(dir), Path.Combine(dir, "report.html"));
        Assert.True(result.Bytes < 5_000_000, $"{result.Bytes} bytes");
        await using var loaded = await _browser.Open(result.Path);
        double ms = await loaded.Page.EvaluateAsync<double>("() => window.stepwiseReport.doneAt");
        Assert.Empty(loaded.Console);
        Assert.True(ms < 2000, $"drawn after {ms:0} ms");
    }
}
