using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using Stepwise.Analysis.Dynamics;
using Stepwise.Analysis.Dynamics.Cartography;
using Stepwise.Reports.Charts;
using Stepwise.Training.Runs;

namespace Stepwise.Reports.Tests;

/// <summary>The dynamics section's charts against a real small dynamics run: every table holds what results.json (read
/// here with JsonDocument, not the report's reader) and the cartography log say; damaged files leave their part out
/// with a warning; <c>stepwise dynamics</c> writes report.html at the end and at a stop, not with <c>report: false</c>.</summary>
public class DynamicsReportTests : IClassFixture<DynamicsRuns>
{
    private readonly DynamicsRuns _runs;

    public DynamicsReportTests(DynamicsRuns runs) => _runs = runs;

    private (ReportResult Result, string Html, Dictionary<string, JsonObject> Specs) Report(string dir, string name)
    {
        string path = Path.Combine(_runs.Dir("pages"), name + ".html");
        var result = RunReport.Write(RunFolder.Open(dir), path);
        string html = File.ReadAllText(path);
        return (result, html, ReportPages.Specs(html));
    }

    private static JsonElement Results(string dir) => JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "results.json"))).RootElement;

    private static double D(JsonElement e) => e.ValueKind == JsonValueKind.Number ? e.GetDouble() : double.NaN;

    private static double Cell(JsonNode? row, string column) => row![column] is { } v ? v.GetValue<double>() : double.NaN;

    /// <summary>Equal to the 7 significant digits the page keeps.</summary>
    private static void Near(double expected, double actual)
    {
        if (double.IsNaN(expected)) Assert.True(double.IsNaN(actual), $"expected NaN, got {actual}");
        else Assert.Equal(expected, actual, Math.Max(1e-300, Math.Abs(expected) * 1e-6));
    }

    private static readonly string[] Scores = ["absolute", "scale_free"];

    [Fact]
    public void A_dynamics_run_draws_seed_002s_figures_after_the_training_charts()
    {
        var (result, html, specs) = Report(_runs.Completed, "dynamics");
        Assert.Empty(result.Warnings);
        Assert.Equal(["plan-timeline", "loss", "lr", "eval-loss", "eval-accuracy", "throughput",
            "dynamics-trajectories-absolute", "dynamics-trajectories-scale-free", "dynamics-memorization-vs-compression",
            "dynamics-heatmap-absolute", "dynamics-heatmap-scale-free", "dynamics-passages", "dynamics-memorization-rate"], result.ChartIds);
        Assert.Contains("<section id=\"dynamics\">", html, StringComparison.Ordinal);
        Assert.Contains("Trajectory shapes of mean trained-passage compression", html, StringComparison.Ordinal);
        Assert.DoesNotContain("dynamics-cartography", specs.Keys);
        // every chart has a title, and every axis it draws a title
        foreach (var id in result.ChartIds.Where(i => i.StartsWith("dynamics-", StringComparison.Ordinal)))
            Assert.False(string.IsNullOrEmpty(specs[id]["title"]!["text"]!.GetValue<string>()), id);
    }

    [Fact]
    public void The_trajectories_hold_the_trained_means_and_fits_of_results_json_and_the_novel_means()
    {
        var r = Results(_runs.Completed);
        var (_, _, specs) = Report(_runs.Completed, "trajectories");
        var epochs = r.GetProperty("epochs").EnumerateArray().ToList();
        foreach (string score in Scores)
        {
            var spec = specs["dynamics-trajectories-" + score.Replace('_', '-')];
            var table = ReportPages.Table(spec);
            var fits = r.GetProperty("analyses").GetProperty("trajectories").EnumerateArray().Where(t => t.GetProperty("score").GetString() == score).ToList();
            Assert.Equal(2 * epochs.Count, table.Count); // 2 transitions × 3 epochs
            foreach (var row in table)
            {
                int layer = row!["layer"]!.GetValue<int>();
                long epoch = row["epoch"]!.GetValue<long>();
                int i = epochs.FindIndex(e => e.GetProperty("epoch").GetInt64() == epoch);
                var fit = fits.Single(t => t.GetProperty("layer").GetInt32() == layer && t.GetProperty("axis").GetString() == "epoch");
                var logFit = fits.Single(t => t.GetProperty("layer").GetInt32() == layer && t.GetProperty("axis").GetString() == "log_epoch");
                Near(D(fit.GetProperty("means")[i]), Cell(row, "mean_trained"));
                var novel = epochs[i].GetProperty("passages").EnumerateArray().Where(p => !p.GetProperty("trained").GetBoolean())
                    .Select(p => D(p.GetProperty(score == "absolute" ? "compression" : "compression_scale_free")[layer])).Average();
                Near(novel, Cell(row, "mean_novel"));
                double Parabola(JsonElement f, double x) => D(f.GetProperty("a")) * x * x + D(f.GetProperty("b")) * x + D(f.GetProperty("c"));
                Near(Parabola(fit, epoch), Cell(row, "fit_epoch"));
                Near(Parabola(logFit, Math.Log(epoch)), Cell(row, "fit_log_epoch"));
                Assert.Equal(epochs[i].GetProperty("step").GetInt64(), row["step"]!.GetValue<long>());
            }
            // the drawn curves lie on results.json's parabolas, across the measured epochs
            var curves = spec["datasets"]!["curves"]!.AsArray();
            Assert.Equal(2 * 2 * DynamicsTrajectoryChart.CurvePoints, curves.Count);
            foreach (var c in curves)
            {
                var f = fits.Single(t => t.GetProperty("layer").GetInt32() == c!["layer"]!.GetValue<int>() && t.GetProperty("axis").GetString() == c["axis"]!.GetValue<string>());
                double e = c!["epoch"]!.GetValue<double>(), x = c["axis"]!.GetValue<string>() == "log_epoch" ? Math.Log(e) : e;
                Near(D(f.GetProperty("a")) * x * x + D(f.GetProperty("b")) * x + D(f.GetProperty("c")), c["fit"]!.GetValue<double>());
                Assert.InRange(e, 1 - 1e-6, 20 + 1e-5);
            }
            // each panel says its fit's shape, as results.json does
            var labels = spec["datasets"]!["fits"]!.AsArray();
            Assert.All(labels, l => Assert.StartsWith(fits.Single(t => t.GetProperty("layer").GetInt32() == l!["layer"]!.GetValue<int>()
                && t.GetProperty("axis").GetString() == l["axis"]!.GetValue<string>()).GetProperty("shape").GetString()!.Replace('_', '-'), l!["label"]!.GetValue<string>(), StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_heatmaps_hold_results_jsons_differences_and_corrected_tests_on_a_scale_centred_at_0()
    {
        var r = Results(_runs.Completed);
        var (_, _, specs) = Report(_runs.Completed, "heatmaps");
        foreach (string score in Scores)
        {
            var spec = specs["dynamics-heatmap-" + score.Replace('_', '-')];
            var heat = r.GetProperty("analyses").GetProperty("heatmap").GetProperty(score);
            var tests = r.GetProperty("analyses").GetProperty("membership").GetProperty(score).EnumerateArray().ToList();
            var epochs = r.GetProperty("epochs").EnumerateArray().Select(e => e.GetProperty("epoch").GetInt64()).ToList();
            var table = ReportPages.Table(spec);
            Assert.Equal(heat.GetArrayLength() * epochs.Count, table.Count);
            double extreme = 0;
            foreach (var row in table)
            {
                int layer = row!["layer"]!.GetValue<int>();
                long epoch = row["epoch"]!.GetValue<long>();
                double expected = D(heat[layer][epochs.IndexOf(epoch)]);
                Near(expected, Cell(row, "difference"));
                extreme = Math.Max(extreme, Math.Abs(expected));
                var t = tests.Single(x => x.GetProperty("layer").GetInt32() == layer && x.GetProperty("epoch").GetInt64() == epoch);
                Near(D(t.GetProperty("q_value")), Cell(row, "q_value"));
                Near(D(t.GetProperty("r")), Cell(row, "r"));
                Assert.Equal(t.GetProperty("significant").GetBoolean(), row["significant"]!.GetValue<bool>());
                Near(D(t.GetProperty("mean_trained")) - D(t.GetProperty("mean_novel")), Cell(row, "difference"));
            }
            var scale = spec["layer"]![0]!["encoding"]!["color"]!["scale"]!;
            Assert.Equal("blueorange", scale["scheme"]!.GetValue<string>());
            Assert.Equal(0, scale["domainMid"]!.GetValue<double>());
            Assert.Equal(-extreme, scale["domain"]![0]!.GetValue<double>(), 12);
            Assert.Equal(extreme, scale["domain"]![1]!.GetValue<double>(), 12);
        }
    }

    [Fact]
    public void The_scatter_passages_and_rate_charts_hold_every_passage_and_summary_as_measured()
    {
        var r = Results(_runs.Completed);
        var (_, _, specs) = Report(_runs.Completed, "scatter");
        var epochs = r.GetProperty("epochs").EnumerateArray().ToList();
        var scatter = ReportPages.Table(specs["dynamics-memorization-vs-compression"]);
        Assert.Equal(3 * 16, scatter.Count); // the quick test's 3 epochs are all key epochs; 8 trained + 8 novel passages
        foreach (var row in scatter)
        {
            var e = epochs.Single(x => x.GetProperty("epoch").GetInt64() == row!["epoch"]!.GetValue<long>());
            var p = e.GetProperty("passages").EnumerateArray().Single(x => x.GetProperty("index").GetInt32() == row!["index"]!.GetValue<int>());
            Assert.Equal(p.GetProperty("trained").GetBoolean() ? "trained" : "novel", row!["group"]!.GetValue<string>());
            Near(D(p.GetProperty("accuracy")), Cell(row, "accuracy"));
            for (int l = 0; l < 2; l++)
            {
                Near(D(p.GetProperty("compression")[l]), Cell(row, $"absolute_{l}"));
                Near(D(p.GetProperty("compression_scale_free")[l]), Cell(row, $"scale_free_{l}"));
            }
        }
        // the selectors start at the middle transition (of 2: 1→2) and seed 002's absolute score
        var parameters = specs["dynamics-memorization-vs-compression"]["params"]!.AsArray();
        Assert.Equal(1, parameters.Single(p => p!["name"]!.GetValue<string>() == "layer")!["value"]!.GetValue<int>());
        Assert.Equal("absolute", parameters.Single(p => p!["name"]!.GetValue<string>() == "score")!["value"]!.GetValue<string>());

        var passages = ReportPages.Table(specs["dynamics-passages"]);
        Assert.Equal(3 * 8, passages.Count); // every trained passage at every epoch
        Assert.Equal(7, passages.Where(x => x!["shown"]!.GetValue<bool>()).Select(x => x!["index"]!.GetValue<int>()).Distinct().Count());

        var rate = ReportPages.Table(specs["dynamics-memorization-rate"]);
        Assert.Equal(epochs.Count, rate.Count);
        foreach (var (row, e) in rate.Zip(epochs))
        {
            var s = e.GetProperty("summary");
            Assert.Equal(e.GetProperty("epoch").GetInt64(), row!["epoch"]!.GetValue<long>());
            foreach (string key in new[] { "memorization_rate", "novel_memorization_rate", "exact_rate", "novel_exact_rate" }) Near(D(s.GetProperty(key)), Cell(row, key));
            Assert.Equal(s.GetProperty("num_memorized").GetInt64(), row["num_memorized"]!.GetValue<long>());
            Assert.Equal(8L, row["n_trained"]!.GetValue<long>());
        }
    }

    [Fact]
    public void The_passages_in_colour_are_spread_over_final_accuracy_and_include_both_ends()
    {
        var cases = from n in Gen.Choose(1, 40) from seed in Gen.Choose(0, 1000) select (n, seed);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var rng = new Random(c.seed);
            var passages = Enumerable.Range(0, c.n).Select(i => new PassageMeasurement(3 * i, i % 4 != 3 || c.n < 4, 70, Math.Round(rng.NextDouble(), 1), false,
                [], 0, false, 1, Math.E, [0.0], [0.0])).ToList();
            var picked = DynamicsPassagesChart.Pick(new EpochMeasurement(20, 80, passages, ""));
            var trained = passages.Where(p => p.Trained).OrderBy(p => p.Accuracy).ThenBy(p => p.Index).ToList();
            Assert.Equal(Math.Min(trained.Count, DynamicsPassagesChart.Shown), picked.Count);
            Assert.Equal(picked.Count, picked.Distinct().Count());
            Assert.All(picked, i => Assert.Contains(trained, p => p.Index == i));
            Assert.Equal(trained[0].Index, picked[0]);
            Assert.Equal(trained[^1].Index, picked[^1]);
            var accuracies = picked.Select(i => trained.Single(p => p.Index == i).Accuracy).ToList();
            Assert.Equal(accuracies.Order(), accuracies);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_stopped_experiment_draws_what_it_measured_and_says_how_much()
    {
        var (result, html, specs) = Report(_runs.Stopped, "stopped");
        Assert.Empty(result.Warnings);
        Assert.Contains("1 of 3 scheduled epochs measured so far", html, StringComparison.Ordinal);
        Assert.Contains("stopped at step 6 of 80", html, StringComparison.Ordinal);
        var trajectories = specs["dynamics-trajectories-absolute"];
        Assert.Equal(2, ReportPages.Table(trajectories).Count); // one epoch, two transitions
        Assert.Empty(trajectories["datasets"]!["curves"]!.AsArray()); // one point: no parabola, and no empty curve layer
        Assert.DoesNotContain("\"curves\"}", trajectories["concat"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.All(trajectories["datasets"]!["fits"]!.AsArray(), f => Assert.StartsWith("undetermined", f!["label"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.Single(ReportPages.Table(specs["dynamics-memorization-rate"]));
    }

    [Fact]
    public void A_cartography_run_draws_the_map_of_every_train_row_with_its_region_counts()
    {
        var (result, html, specs) = Report(_runs.CartographyRun, "cartography");
        Assert.Empty(result.Warnings);
        Assert.Contains("dynamics-cartography", result.ChartIds);
        var map = CartographySummary.Read(_runs.CartographyRun);
        var table = ReportPages.Table(specs["dynamics-cartography"]);
        Assert.Equal(map.Rows.Count, table.Count);
        foreach (var (row, expected) in table.Zip(map.Rows))
        {
            Assert.Equal(expected.Row, row!["row"]!.GetValue<long>());
            Near(expected.Confidence, Cell(row, "confidence"));
            Near(expected.Variability, Cell(row, "variability"));
            Near(expected.Correctness, Cell(row, "correctness"));
            Assert.Equal(expected.Region, row["region"]!.GetValue<string>());
            Assert.Equal(expected.ForgettingEvents, row["forgetting_events"]!.GetValue<int>());
        }
        Assert.Contains($"<dt>Ambiguous</dt><dd>{map.Rows.Count(x => x.Region == "ambiguous").ToString("N0", CultureInfo.InvariantCulture)}</dd>", html, StringComparison.Ordinal);
        // the regions' bounds are the summary's thresholds
        var bounds = specs["dynamics-cartography"]["datasets"]!["regions"]!.AsArray();
        Assert.Equal(CartographySummary.AmbiguousVariability, bounds[0]!["x"]!.GetValue<double>());
        Assert.Equal(CartographySummary.EasyConfidence, bounds[1]!["y"]!.GetValue<double>());
    }

    [Fact]
    public void A_large_map_draws_every_kth_row_and_says_so()
    {
        string dir = _runs.Dir("big-map");
        Directory.CreateDirectory(Path.Combine(dir, CartographyLog.Folder));
        foreach (string f in Directory.GetFiles(_runs.CartographyRun)) File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        long perEpoch = RunFolder.Open(dir).Plan!.StepsPerEpoch;
        using (var s = File.Create(CartographyLog.PathOf(dir)))
        {
            s.Write(CartographyLog.Magic);
            var buffer = new byte[CartographyLog.RecordBytes];
            for (long update = 0; update < 2 * perEpoch; update++)
            {
                for (long row = update % perEpoch * 400; row < (update % perEpoch + 1) * 400; row++)
                {
                    CartographyLog.Encode(new CartographyEntry(update, row, (float)(row % 7) / 3, row % 3 == 0 ? 1 : 0), buffer);
                    s.Write(buffer);
                }
            }
        }
        var (result, _, specs) = Report(dir, "big-map");
        long rows = 400 * perEpoch;
        var table = ReportPages.Table(specs["dynamics-cartography"]);
        int every = (int)Math.Ceiling(rows / (double)CartographyChart.MaxPoints);
        Assert.True(every > 1);
        Assert.Equal((int)((rows + every - 1) / every), table.Count);
        Assert.Equal(Enumerable.Range(0, table.Count).Select(i => (long)i * every), table.Select(x => x!["row"]!.GetValue<long>()));
        Assert.Contains(specs["dynamics-cartography"]["title"]!["subtitle"]!.AsArray(), l => l!.GetValue<string>().Contains($"one in every {every}", StringComparison.Ordinal));
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void A_large_experiment_is_thinned_and_says_so()
    {
        var real = ResultsJsonReader.Read(Path.Combine(_runs.Completed, "results.json"));
        var rng = new Random(5);
        const int n = 1500;
        var epochs = new long[] { 1, 5, 20 }.Select(epoch => new EpochMeasurement(epoch, epoch * 4, [.. Enumerable.Range(0, 2 * n).Select(i =>
        {
            double accuracy = rng.NextDouble();
            return new PassageMeasurement(i, i < n, 65, accuracy, accuracy >= 0.6, [accuracy, accuracy, accuracy], accuracy, false, 1, Math.E,
                [rng.NextDouble(), rng.NextDouble()], [rng.NextDouble(), rng.NextDouble()]);
        })], "")).ToList();
        var big = real with { Trained = [.. Enumerable.Range(0, n)], Novel = [.. Enumerable.Range(n, n)], Report = DynamicsAnalysis.Analyze(epochs) };
        var scatter = DynamicsScatterChart.Build(big);
        Assert.Equal(3 * 1000, scatter.Table.Rows.Count); // one in every 3 of the 3,000 passages, at each epoch
        Assert.Contains(scatter.Spec["title"]!["subtitle"]!.AsArray(), l => l!.GetValue<string>().Contains("one passage in every 3 drawn (3,000 measured)", StringComparison.Ordinal));
        var passages = DynamicsPassagesChart.Build(big);
        var drawn = passages.Table.Rows.Select(r => (long)r[0]!).Distinct().ToList();
        var expected = Enumerable.Range(0, n).Where(i => i % 4 == 0).Select(i => (long)i).Union(DynamicsPassagesChart.Pick(epochs[^1]).Select(i => (long)i)).Order();
        Assert.Equal(expected, drawn.Order()); // one in every ⌈1,500 / 400⌉ = 4, and the coloured ones
        Assert.Equal(DynamicsPassagesChart.Shown, passages.Table.Rows.Where(r => (bool)r[2]!).Select(r => r[0]).Distinct().Count());
        Assert.Contains(passages.Spec["title"]!["subtitle"]!.AsArray(), l => l!.GetValue<string>().Contains("in grey: one in every 4 of the others", StringComparison.Ordinal));
        long bytes = new[] { scatter, passages }.Sum(c => (long)c.Complete().ToJsonString().Length);
        Assert.True(bytes < 2_000_000, $"{bytes} characters");
    }

    [Fact]
    public void Damaged_dynamics_files_leave_their_part_out_with_a_warning_and_the_rest_draws()
    {
        string dir = _runs.Dir("damaged");
        foreach (string file in Directory.GetFiles(_runs.Completed, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(dir, Path.GetRelativePath(_runs.Completed, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        string results = Path.Combine(dir, "results.json");
        File.WriteAllText(results, File.ReadAllText(results)[..500]);
        Directory.CreateDirectory(Path.Combine(dir, CartographyLog.Folder));
        File.WriteAllText(CartographyLog.PathOf(dir), "not a log");
        var (result, html, specs) = Report(dir, "damaged");
        Assert.Contains(result.Warnings, w => w.StartsWith("results.json: cannot be read (results.json is not valid JSON", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.StartsWith("cartography/records.bin: cannot be read (", StringComparison.Ordinal) && w.Contains("SWCART01", StringComparison.Ordinal));
        Assert.Contains("<section id=\"dynamics\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain(specs.Keys, k => k.StartsWith("dynamics-", StringComparison.Ordinal));
        Assert.Contains("loss", specs.Keys);

        File.WriteAllText(results, "{\"kind\": \"stepwise.dynamics\", \"schema_version\": 9}");
        var (again, _, _) = Report(dir, "damaged-version");
        Assert.Contains(again.Warnings, w => w.StartsWith("results.json: cannot be read (results.json: schema_version 9; this build reads 1)", StringComparison.Ordinal));
    }

    [Fact]
    public void Stepwise_dynamics_writes_report_html_at_the_end_at_a_stop_and_not_with_report_false()
    {
        // the end: the fixture's run, through the CLI
        Assert.True(File.Exists(Path.Combine(_runs.Completed, RunReport.FileName)));
        Assert.Contains($"stepwise: report: {Path.Combine(Path.GetFullPath(_runs.Completed), RunReport.FileName)}", _runs.CommandOutput.Err, StringComparison.Ordinal);
        Assert.Contains("dynamics-heatmap-absolute", File.ReadAllText(Path.Combine(_runs.Completed, RunReport.FileName)), StringComparison.Ordinal);
        Assert.StartsWith("completed 80/80 ", _runs.CommandOutput.Out, StringComparison.Ordinal); // stdout keeps its one line

        string config = Path.Combine(_runs.Root, "experiment.yaml");
        // a stop (a signal before the first update): exit 3, and the page of the stopped run
        string stopped = _runs.Dir("cli-stopped");
        var stop = new Stepwise.Training.Loop.StopSignal();
        stop.Request("test signal");
        var o = new StringWriter();
        var e = new StringWriter();
        int code = Stepwise.Cli.StepwiseCli.Run(["dynamics", config, "--quick-test", "--out", stopped, "--quiet"], o, e, stop);
        Assert.True(code == 3, e.ToString());
        Assert.Contains("stopped at step 0 of 80", File.ReadAllText(Path.Combine(stopped, RunReport.FileName)), StringComparison.Ordinal);

        // report: false
        string off = _runs.Dir("cli-report-off");
        var (offCode, _, offErr) = CliReport.Run("dynamics", config, "--out", off, "--quiet", "--set", "report=false", "--epoch-schedule", "1");
        Assert.True(offCode == 0, offErr);
        Assert.True(File.Exists(Path.Combine(off, "results.json")));
        Assert.False(File.Exists(Path.Combine(off, RunReport.FileName)));
        Assert.DoesNotContain("stepwise: report:", offErr, StringComparison.Ordinal);
    }

    [Fact]
    public void Dynamics_help_gives_an_example()
    {
        var (code, help, _) = CliReport.Run("dynamics", "--help");
        Assert.Equal(0, code);
        Assert.Contains("Example: stepwise dynamics examples/seed002-dynamics.yaml --quick-test", help, StringComparison.Ordinal);
    }
}
