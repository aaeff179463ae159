using System.Text.Json;

namespace Stepwise.Cli.Tests;

/// <summary><c>stepwise prune</c> through the CLI: seed 000's window calculation and the stage table with every
/// baseline for the example, the outputs in the folder, JSON, one-line refusals with nothing written, and exit 3 on a
/// time limit with <c>--resume auto</c> continuing.</summary>
public class PruneCommandTests
{
    private const string Small = """
        name: cli-prune
        seed: 1
        data: { source: digits, n: 500, label_noise: 0.3, splits: { val: 0.2, test: 0.2 } }
        model: { kind: mlp, hidden: [16] }
        optimizer: { kind: sgd, lr: 0.2 }
        batch: { size: 16 }
        duration: { epochs: 3 }
        prune: { stages: 2, method: tim }
        """;

    [Fact]
    public void The_seed000_example_prints_the_window_calculation_and_every_baseline_and_writes_its_outputs()
    {
        using var t = new TempDir();
        string dir = Path.Combine(t.Path, "prune");
        var (code, text, err) = CliRunner.Run("prune", CliRunner.Example("seed000-pruning.yaml"), "--out", dir);
        Assert.True(code == 0, err);
        string[] calculation =
        [
            "Time window calculation:", "   Training samples: 1000", "   Batch size: 16", "   Steps per epoch: 63", "   Total epochs: 10", "   Total steps: 630",
            "   Time windows (steps):", "     Stage 1: [0, 125] - 126 steps (~2.0 epochs)", "     Stage 2: [126, 251] - 126 steps (~2.0 epochs)",
            "     Stage 3: [252, 377] - 126 steps (~2.0 epochs)", "     Stage 4: [378, 503] - 126 steps (~2.0 epochs)", "     Stage 5: [504, 629] - 126 steps (~2.0 epochs)",
        ];
        var lines = text.Split('\n');
        int at = Array.IndexOf(lines, calculation[0]);
        Assert.True(at >= 0, text);
        Assert.Equal(calculation, lines[at..(at + calculation.Length)]);
        Assert.Contains("the plan is re-derived for them: 44 steps per epoch (was 63), 440 steps over 10 epochs", text, StringComparison.Ordinal);
        Assert.Contains("Evaluation: the test split (200 samples, clean labels) after retraining, never the val split", text, StringComparison.Ordinal);
        foreach (string window in new[] { "[0, 125]", "[126, 251]", "[252, 377]", "[378, 503]", "[504, 629]" })
        {
            Assert.Single(lines, l => l.Contains(window + "   ", StringComparison.Ordinal) && l.Contains(" tim ", StringComparison.Ordinal));
            Assert.Single(lines, l => l.Contains(window + "   ", StringComparison.Ordinal) && l.Contains(" tracin ", StringComparison.Ordinal));
        }
        foreach (string baseline in new[] { "random", "oracle", "none" }) Assert.Single(lines, l => l.Contains($"—            {baseline} ", StringComparison.Ordinal));
        Assert.Contains("Best stage:", text, StringComparison.Ordinal);
        Assert.EndsWith($"completed 13 runs {dir}", text.TrimEnd(), StringComparison.Ordinal);
        // progress on stderr: repeat, stage, method, ETA
        Assert.Contains("stepwise: prune: repeat 1/1 · stage 3/5 tracin: retraining on the kept samples · job 9/15", err, StringComparison.Ordinal);
        Assert.Contains(", ETA ", err, StringComparison.Ordinal);
        foreach (string file in new[] { "prune_results.json", "prune_summary.csv", "prune_timing.json", "influence/tim.csv", "influence/tracin.csv", "report.html", "retrain/stage-5-tracin/run.json", "retrain/oracle/run.json" })
            Assert.True(File.Exists(Path.Combine(dir, file)), file);
        Assert.Equal(14, File.ReadAllLines(Path.Combine(dir, "prune_summary.csv")).Length);
        Assert.DoesNotContain("report: warning", err, StringComparison.Ordinal);
        // the retrained runs are ordinary run folders
        var (ec, eval, eerr) = CliRunner.Run("evaluate", Path.Combine(dir, "retrain", "stage-2-tim"), "--splits", "test");
        Assert.True(ec == 0, eerr);
        Assert.Contains("test", eval, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_is_the_results_file()
    {
        using var t = new TempDir();
        string config = t.Write("p.yaml", Small);
        string dir = Path.Combine(t.Path, "p");
        var (code, json, err) = CliRunner.Run("prune", config, "--out", dir, "--format", "json");
        Assert.True(code == 0, err);
        Assert.Equal(File.ReadAllText(Path.Combine(dir, "prune_results.json")), json);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(1, doc.RootElement.GetProperty("schema_version").GetInt32());
        Assert.Equal(2 + 3, doc.RootElement.GetProperty("rows").GetArrayLength());
        Assert.Equal("test", doc.RootElement.GetProperty("settings").GetProperty("evaluated_on").GetString());
    }

    [Fact]
    public void Bad_requests_are_one_line_with_exit_2_and_nothing_written()
    {
        using var t = new TempDir();
        string config = t.Write("p.yaml", Small);
        string dir = Path.Combine(t.Path, "out");
        string[][] bad =
        [
            ["prune", config, "--out", dir, "--prune", "1.5"],
            ["prune", config, "--out", dir, "--prune", "lots"],
            ["prune", config, "--out", dir, "--method", "tracein"],
            ["prune", config, "--out", dir, "--query", "test"],
            ["prune", config, "--out", dir, "--query", "vall"],
            ["prune", config, "--out", dir, "--resume", "later"],
            ["prune", config, "--resume", "auto"],
            ["prune", config, "--out", dir, "--stages", "0"],
            ["prune", config, "--out", dir, "--repeats", "0"],
            ["prune", config, "--out", dir, "--time-limit", "soon"],
        ];
        foreach (var args in bad)
        {
            var (c, o, e) = CliRunner.Run(args);
            Assert.True(c == 2, string.Join(" ", args) + ": " + e);
            Assert.Equal("", o);
            Assert.Single(e.Trim().Split('\n'), l => l.StartsWith("stepwise: error:", StringComparison.Ordinal));
            Assert.False(Directory.Exists(dir), string.Join(" ", args));
        }
    }

    [Fact]
    public void A_time_limit_stops_with_exit_3_a_report_and_resume_auto_finishes()
    {
        using var t = new TempDir();
        string config = t.Write("p.yaml", Small);
        string dir = Path.Combine(t.Path, "p");
        var (code, output, err) = CliRunner.Run("prune", config, "--out", dir, "--time-limit", "0.001s");
        Assert.Equal(3, code);
        Assert.EndsWith($"stopped 0 runs {dir}", output.TrimEnd(), StringComparison.Ordinal);
        Assert.Contains($"--out {dir} --resume auto", err, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir, "report.html")));
        var (refused, _, refusedErr) = CliRunner.Run("prune", config, "--out", dir);
        Assert.Equal(2, refused);
        Assert.Contains("already holds a pruning experiment; continue it with --resume auto", refusedErr, StringComparison.Ordinal);
        var (again, text, againErr) = CliRunner.Run("prune", config, "--out", dir, "--resume", "auto");
        Assert.True(again == 0, againErr);
        Assert.EndsWith($"completed 5 runs {dir}", text.TrimEnd(), StringComparison.Ordinal);
        var (rc, _, rerr) = CliRunner.Run("report", dir);
        Assert.True(rc == 0, rerr);
        Assert.DoesNotContain("warning", rerr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_slurm_task_line_starts_in_its_prepared_folder_and_a_second_writer_is_refused()
    {
        using var t = new TempDir();
        string config = t.Write("p.yaml", Small);
        string dir = Path.Combine(t.Path, "task");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "slurm-1.out"), ""); // Slurm opens --output before the task starts
        using (Stepwise.Training.Runs.RunLock.Acquire(dir, TimeSpan.Zero, "prune.lock"))
        {
            var (held, _, heldErr) = CliRunner.Run("prune", config, "--out", dir, "--resume", "auto", "--wait-lock", "0.2s");
            Assert.Equal(2, held);
            Assert.Contains("is being written by", heldErr, StringComparison.Ordinal);
        }
        var (code, text, err) = CliRunner.Run("prune", config, "--out", dir, "--resume", "auto", "--wait-lock", "5s");
        Assert.True(code == 0, err);
        Assert.EndsWith($"completed 5 runs {dir}", text.TrimEnd(), StringComparison.Ordinal);
    }
}
