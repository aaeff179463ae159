using Stepwise.Analysis.Influence;
using Stepwise.Analysis.Pruning;
using Stepwise.Training.Runs;

namespace Stepwise.Reports.Tests;

/// <summary>The influence and pruning sections of a real pruning experiment's page: every chart's data is the
/// experiment's own (histogram counts add up to each window's samples, the bars are the summary's means and spreads,
/// the correlations are the CSVs' Spearman ρ), and damaged analysis files are skipped with a warning.</summary>
public sealed class AnalysisReportTests : IClassFixture<PruneRun>
{
    private readonly PruneRun _run;

    public AnalysisReportTests(PruneRun run) => _run = run;

    private (ReportResult Result, Dictionary<string, System.Text.Json.Nodes.JsonObject> Specs, string Html) Report(string dir, string name)
    {
        var result = RunReport.Write(RunFolder.Open(dir), Path.Combine(_run.Runs.Dir("pages"), name));
        string html = File.ReadAllText(result.Path);
        return (result, ReportPages.Specs(html), html);
    }

    [Fact]
    public void The_influence_charts_count_every_sample_of_every_window_and_correlate_the_windows_as_the_csvs_do()
    {
        var (result, specs, _) = Report(_run.Dir, "analysis.html");
        Assert.Empty(result.Warnings);
        var windows = _run.Outcome.Results.Trained.Windows;
        foreach (string m in new[] { "tim", "tracin" })
        {
            var rows = InfluenceCsv.Read(Path.Combine(_run.Dir, "influence", m + ".csv"), new List<string>());
            var bins = ReportPages.Table(specs["influence-scores-" + m]);
            foreach (var w in windows)
            {
                var inWindow = rows.Where(r => r.Window == w && r.InWindow > 0).ToList();
                var mine = bins.Where(b => b!["window_start"]!.GetValue<long>() == w.Start).ToList();
                Assert.Equal(inWindow.Count, mine.Sum(b => b!["samples"]!.GetValue<long>()));
                Assert.Equal(inWindow.Count(r => r.Noisy == true), mine.Where(b => b!["group"]!.GetValue<string>() == "flipped label").Sum(b => b!["samples"]!.GetValue<long>()));
            }
        }
        var rho = ReportPages.Table(specs["influence-rank-correlation"]);
        Assert.Equal(2 * 3 * 3, rho.Count);
        var tim = InfluenceCsv.Read(Path.Combine(_run.Dir, "influence", "tim.csv"), new List<string>());
        double[] a = [.. tim.Where(r => r.Window == windows[0]).OrderBy(r => r.Sample).Select(r => r.Influence)];
        double[] b = [.. tim.Where(r => r.Window == windows[1]).OrderBy(r => r.Sample).Select(r => r.Influence)];
        var cell = rho.Single(r => r!["method"]!.GetValue<string>() == "TIM" && r["window_a"]!.GetValue<string>() == "1" && r["window_b"]!.GetValue<string>() == "2");
        Assert.Equal(RankStatistics.Spearman(a, b), cell!["spearman"]!.GetValue<double>(), 1e-6);
    }

    [Fact]
    public void The_bars_are_the_summarys_means_and_spreads_in_every_stage_group()
    {
        var (_, specs, html) = Report(_run.Dir, "bars.html");
        var results = _run.Outcome.Results;
        var bars = ReportPages.Table(specs["pruning-accuracy"]);
        Assert.Equal(3 * 5, bars.Count);
        foreach (var bar in bars)
        {
            string method = bar!["method"]!.GetValue<string>();
            int stage = int.Parse(bar["stage"]!.GetValue<string>().Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
            var m = method switch { "TIM" => PruneMethod.Tim, "TracIn" => PruneMethod.TracIn, "random" => PruneMethod.Random, "oracle" => PruneMethod.Oracle, _ => PruneMethod.None };
            var a = PruneNames.Scores(m) ? results.Aggregate(m, stage)! : results.Aggregate(m)!;
            // 7 significant digits in the page
            Assert.Equal(a.TestAccuracy.Mean, bar["mean"]!.GetValue<double>(), 1e-6 * a.TestAccuracy.Mean);
            Assert.Equal(a.TestAccuracy.Std!.Value, bar["std"]!.GetValue<double>(), 1e-6 * a.TestAccuracy.Std.Value);
            Assert.Equal(2, bar["repeats"]!.GetValue<long>());
        }
        Assert.Equal(3 * 4, ReportPages.Table(specs["pruning-recall"]).Count); // no recall for none
        Assert.Contains("Best stages", html, StringComparison.Ordinal);
        Assert.Contains("2 seeds (4..5): mean", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Damaged_analysis_files_are_skipped_with_a_warning()
    {
        string dir = _run.Runs.Dir("damaged");
        foreach (string file in Directory.GetFiles(_run.Dir).Where(f => !f.EndsWith(".lock", StringComparison.Ordinal)))
        {
            Directory.CreateDirectory(dir);
            File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        }
        Directory.CreateDirectory(Path.Combine(dir, "influence"));
        var lines = File.ReadAllLines(Path.Combine(_run.Dir, "influence", "tim.csv")).ToList();
        lines[5] = "0,14,4,oops";
        File.WriteAllLines(Path.Combine(dir, "influence", "tim.csv"), lines);
        File.WriteAllText(Path.Combine(dir, "prune_results.json"), File.ReadAllText(Path.Combine(_run.Dir, "prune_results.json"))[..500]);
        var (result, specs, _) = Report(dir, "damaged.html");
        Assert.Contains(result.Warnings, w => w.StartsWith("influence/tim.csv line 6: not an influence row", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.StartsWith("prune_results.json: cannot be read", StringComparison.Ordinal));
        Assert.Contains("influence-scores-tim", specs.Keys);
        Assert.DoesNotContain("pruning-accuracy", specs.Keys);
    }
}
