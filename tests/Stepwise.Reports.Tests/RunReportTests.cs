using System.Text.Json.Nodes;
using Stepwise.Training.Runs;

namespace Stepwise.Reports.Tests;

public class RunReportTests : IClassFixture<RunReportTests.Folders>
{
    /// <summary>The real runs shared by these tests (trained once).</summary>
    public sealed class Folders : IDisposable
    {
        public TestRuns Runs { get; } = new();
        public string Completed { get; }
        public string Stopped { get; }
        public string Resumed { get; }

        public Folders()
        {
            Completed = Runs.Completed();
            Stopped = Runs.Stopped();
            Resumed = Runs.Resumed();
        }

        public void Dispose() => Runs.Dispose();
    }

    private readonly Folders _f;

    public RunReportTests(Folders f) => _f = f;

    private static (ReportResult Result, string Html, Dictionary<string, JsonObject> Specs) Report(string dir, string? copyTo = null)
    {
        string path = Path.Combine(copyTo ?? dir, "report-test.html");
        var result = RunReport.Write(RunFolder.Open(dir), path);
        string html = File.ReadAllText(path);
        return (result, html, ReportPages.Specs(html));
    }

    /// <summary>A copy of a run folder to damage.</summary>
    private string Copy(string dir, string name)
    {
        string to = _f.Runs.Dir(name);
        foreach (string file in Directory.GetFiles(dir, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(dir, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return to;
    }

    [Fact]
    public void A_completed_run_draws_every_training_chart_from_its_own_rows()
    {
        var (result, html, specs) = Report(_f.Completed);
        Assert.Empty(result.Warnings);
        Assert.Equal(["plan-timeline", "loss", "lr", "eval-loss", "eval-accuracy", "throughput"], result.ChartIds);
        Assert.Equal(result.ChartIds, specs.Keys);
        var folder = RunFolder.Open(_f.Completed);
        var training = folder.Metrics().Where(m => m.IsTraining).ToList();
        var loss = ReportPages.Table(specs["loss"]);
        Assert.Equal(training.Select(m => m.Step), loss.Select(r => r!["step"]!.GetValue<long>()));
        // 7 significant digits in the page (the run's files keep every digit)
        Assert.All(training.Zip(loss), p => Assert.Equal(p.First.Get("loss")!.Value, p.Second!["loss"]!.GetValue<double>(), 1e-6 * p.First.Get("loss")!.Value));
        var evals = folder.Metrics().Where(m => !m.IsTraining).ToList();
        var acc = ReportPages.Table(specs["eval-accuracy"]);
        Assert.Equal(evals.Select(m => m.Step).Distinct(), acc.Select(r => r!["step"]!.GetValue<long>()));
        Assert.Equal(evals.Last().Get("val_accuracy")!.Value, acc.Last()!["val_accuracy"]!.GetValue<double>(), 6);
        // the header: status, plan numbers, final metrics, the config
        Assert.Contains("completed: 102 of 102 steps", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Steps per epoch</dt><dd>34</dd>", html, StringComparison.Ordinal);
        Assert.Contains("Final evaluation", html, StringComparison.Ordinal);
        Assert.Contains("Resolved config (config.yaml)", html, StringComparison.Ordinal);
        Assert.Contains("<title>mlp-digits · Stepwise report</title>", html, StringComparison.Ordinal);
        Assert.Equal(new FileInfo(result.Path).Length, result.Bytes);
    }

    [Fact]
    public void The_page_is_self_contained_and_allows_no_network_request()
    {
        var (_, html, _) = Report(_f.Completed);
        Assert.Contains("default-src 'none'", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script src", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("sourceMappingURL", html, StringComparison.Ordinal);
        // the bundles are inlined, byte for byte as vendored
        foreach (string bundle in Page.PageAssets.Bundles) Assert.Contains(Page.PageAssets.Vendor(bundle), html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_plan_timeline_shows_epoch_ends_checkpoints_and_evaluations_of_plan_json()
    {
        var (_, _, specs) = Report(_f.Completed);
        var rows = ReportPages.Table(specs["plan-timeline"]);
        var plan = RunFolder.Open(_f.Completed).Plan!;
        long[] Lane(string lane) => [.. rows.Where(r => r!["lane"]!.GetValue<string>() == lane).Select(r => r!["start"]!.GetValue<long>())];
        Assert.Equal(plan.EpochEnds.Select(s => s.Value), Lane("epoch ends"));
        Assert.Equal(plan.Checkpoints.Select(s => s.Value), Lane("checkpoints"));
        Assert.Equal(plan.Evaluations.Select(s => s.Value), Lane("evaluations"));
        Assert.Equal("end of epoch 2 at step 68", rows.First(r => r!["lane"]!.GetValue<string>() == "epoch ends" && r["start"]!.GetValue<long>() == 68)!["label"]!.GetValue<string>());
    }

    [Fact]
    public void A_stopped_run_says_where_it_stopped_and_how_to_resume()
    {
        var (result, html, specs) = Report(_f.Stopped);
        Assert.Empty(result.Warnings);
        Assert.Contains("stopped at step 45 of 102", html, StringComparison.Ordinal);
        Assert.Contains("--resume auto", html, StringComparison.Ordinal);
        Assert.Contains("Last evaluation (step 34)", html, StringComparison.Ordinal);
        var marks = specs["loss"]["datasets"]!["marks"]!.AsArray();
        Assert.Equal("stopped at step 45", Assert.Single(marks)!["label"]!.GetValue<string>());
        Assert.Equal(44, ReportPages.Table(specs["loss"]).Last()!["step"]!.GetValue<long>()); // logged every 2 steps
    }

    [Fact]
    public void A_resumed_run_marks_the_stop_and_the_resume_and_counts_both_processes()
    {
        var (result, html, specs) = Report(_f.Resumed);
        Assert.Empty(result.Warnings);
        var marks = specs["loss"]["datasets"]!["marks"]!.AsArray();
        Assert.Equal("stopped, resumed (process 2) at step 45", Assert.Single(marks)!["label"]!.GetValue<string>());
        Assert.Contains("2 processes (resumed 1&#215;)", html, StringComparison.Ordinal); // ×, as HtmlEncode writes it
        var processes = ReportPages.Table(specs["throughput"]).Select(r => r!["process"]!.GetValue<string>()).Distinct();
        Assert.Equal(["process 1", "process 2"], processes);
    }

    [Fact]
    public void A_run_without_metrics_yet_renders_its_plan_and_warns()
    {
        string dir = Copy(_f.Completed, "no-metrics");
        File.Delete(Path.Combine(dir, RunFiles.Metrics));
        File.WriteAllText(Path.Combine(dir, RunFiles.Timing), "");
        var (result, html, _) = Report(dir);
        Assert.Contains(result.Warnings, w => w.StartsWith("metrics.jsonl is missing", StringComparison.Ordinal));
        Assert.Equal(["plan-timeline"], result.ChartIds);
        Assert.Contains("No training rows in metrics.jsonl yet", html, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(dir, RunFiles.Metrics), "");
        Assert.Contains(Report(dir).Result.Warnings, w => w == "metrics.jsonl has no rows yet: no training curves");
    }

    [Fact]
    public void A_truncated_or_corrupt_metrics_line_is_skipped_with_a_warning_naming_the_line()
    {
        string dir = Copy(_f.Completed, "torn");
        string path = Path.Combine(dir, RunFiles.Metrics);
        var lines = File.ReadAllLines(path).ToList();
        int rows = lines.Count;
        lines[3] = "{\"step\":8,\"epo";                      // damaged in the middle
        File.WriteAllText(path, string.Join("\n", lines) + "\n{\"step\":103,\"lo"); // torn last line, no newline
        var (result, _, specs) = Report(dir);
        Assert.Contains("metrics.jsonl line 4: not JSON; skipped", result.Warnings);
        Assert.Contains($"metrics.jsonl line {rows + 1} is incomplete (a row being written, or cut by a kill); skipped", result.Warnings);
        var steps = ReportPages.Table(specs["loss"]).Select(r => r!["step"]!.GetValue<long>()).ToList();
        Assert.DoesNotContain(8L, steps);
        Assert.DoesNotContain(103L, steps);
        Assert.Contains(10L, steps);
    }

    [Fact]
    public void Unreadable_run_json_and_plan_json_leave_their_parts_out_with_warnings()
    {
        string dir = Copy(_f.Completed, "bad-json");
        File.WriteAllText(Path.Combine(dir, RunFiles.Run), "{\"status\": \"sleeping\"");
        File.WriteAllText(Path.Combine(dir, RunFiles.Plan), "[]");
        File.WriteAllText(Path.Combine(dir, RunFiles.Config), "model: [unclosed");
        var (result, html, specs) = Report(dir);
        Assert.Contains(result.Warnings, w => w.StartsWith("run.json: cannot be read", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.StartsWith("plan.json: cannot be read", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.StartsWith("config.yaml cannot be read as a config", StringComparison.Ordinal));
        Assert.Contains("status unknown (metrics up to step 102)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("plan-timeline", specs.Keys);
        Assert.Contains("loss", specs.Keys);
    }

    [Fact]
    public void Analysis_sections_are_not_present_without_their_files_and_say_what_they_cannot_read()
    {
        var (_, html, _) = Report(_f.Completed);
        Assert.Contains("Influence: not present", html, StringComparison.Ordinal);
        Assert.Contains("Pruning: not present", html, StringComparison.Ordinal);
        Assert.Contains("Dynamics: not present", html, StringComparison.Ordinal);
        string dir = Copy(_f.Completed, "analysed");
        File.WriteAllText(Path.Combine(dir, "prune_results.json"), "{}");
        Directory.CreateDirectory(Path.Combine(dir, "influence"));
        File.WriteAllText(Path.Combine(dir, "influence", "window_0_125.csv"), "sample,influence\n");
        var (result, html2, _) = Report(dir);
        Assert.Contains("<section id=\"pruning\">", html2, StringComparison.Ordinal);
        Assert.Contains("<section id=\"influence\">", html2, StringComparison.Ordinal);
        Assert.Contains("Dynamics: not present", html2, StringComparison.Ordinal);
        Assert.Contains(result.Warnings, w => w.StartsWith("prune_results.json: cannot be read (not a Stepwise prune_results.json", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.StartsWith("influence/window_0_125.csv: not an influence CSV", StringComparison.Ordinal));
        Assert.Contains("No influence rows could be read from influence/*.csv.", html2, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_run_is_thinned_and_says_so_and_stays_under_5_MB()
    {
        int rows = Environment.GetEnvironmentVariable("STEPWISE_FULL") == "1" ? 1_000_000 : 100_000;
        string dir = Copy(_f.Completed, "long");
        using (var w = new StreamWriter(Path.Combine(dir, RunFiles.Metrics)))
        {
            var rng = new Random(7);
            for (int i = 1; i <= rows; i++)
            {
                double l = 2.5 * Math.Exp(-i / (rows / 5.0)) + 0.1 + 0.05 * rng.NextDouble() + (i % 9973 == 0 ? 3 : 0);
                w.Write(System.FormattableString.Invariant($"{{\"step\":{i},\"epoch\":{i / 34.0:0.######},\"lr\":{0.1 * (1 - (double)i / rows):R},\"loss\":{l:R}}}\n"));
                if (i % 10_000 == 0) w.Write(System.FormattableString.Invariant($"{{\"step\":{i},\"epoch\":1,\"val_loss\":{l:R},\"val_accuracy\":0.5}}\n"));
            }
        }
        var (result, _, specs) = Report(dir);
        Assert.True(result.Bytes < 5_000_000, $"{result.Bytes} bytes");
        var loss = ReportPages.Table(specs["loss"]);
        Assert.InRange(loss.Count, Charts.Downsampler.Buckets, 3 * Charts.Downsampler.Buckets + 2);
        Assert.Contains(specs["loss"]["title"]!["subtitle"]!.AsArray(), l => l!.GetValue<string>().Contains($"{rows:N0} rows drawn as", StringComparison.Ordinal));
        // min/max per bucket keeps every spike of the raw loss
        var spikes = Enumerable.Range(1, rows).Where(i => i % 9973 == 0).Select(i => (long)i).ToHashSet();
        Assert.Subset(loss.Select(r => r!["step"]!.GetValue<long>()).ToHashSet(), spikes);
        Assert.Equal(1L, loss.First()!["step"]!.GetValue<long>());
        Assert.Equal(rows, loss.Last()!["step"]!.GetValue<long>());
    }

    [Fact]
    public void Not_a_run_folder_is_refused_by_the_reader()
    {
        using var runs = new TestRuns();
        string empty = runs.Dir("empty");
        Directory.CreateDirectory(empty);
        Assert.Throws<Stepwise.Training.RunInputException>(() => RunFolder.Open(empty));
    }
}
