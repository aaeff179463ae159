namespace Stepwise.Cli.Tests;

/// <summary><c>stepwise dynamics</c> through the CLI: the experiment's outputs and exit codes, bad input, and the
/// cartography summary of a train run recorded with <c>dynamics: { record: true }</c> (docs/dynamics.md).</summary>
public class DynamicsCommandTests
{
    private const string Experiment = """
        name: tiny
        seed: 4
        threads: 1
        data: { context: 64 }
        model: { layers: 1, heads: 2, width: 16 }
        optimizer: { kind: adamw, lr: 0.01 }
        batch: { size: 2 }
        dynamics: { epoch_schedule: [1, 2], num_passages: 4, k: 3 }
        """;

    [Fact]
    public void Dynamics_runs_the_experiment_and_prints_one_result_line()
    {
        using var t = new TempDir();
        string cfg = t.Write("exp.yaml", Experiment);
        string run = Path.Combine(t.Path, "run");
        var (code, output, err) = CliRunner.Run("dynamics", cfg, "--out", run, "--quiet");
        Assert.True(code == 0, err);
        Assert.StartsWith($"completed 4/4 {run} epoch=2 memorization_rate=", output, StringComparison.Ordinal);
        foreach (string f in new[] { "results.json", "training_summary.csv", "summary_report.txt", "passages.txt", "plan.json", "dynamics/epoch_2.json" })
            Assert.True(File.Exists(Path.Combine(run, f)), f);
        // the run's own config plans the measurement steps as its checkpoints
        var (pc, plan, perr) = CliRunner.Run("plan", Path.Combine(run, "config.yaml"), "--format", "json");
        Assert.True(pc == 0, perr);
        Assert.Contains("\"checkpoints\": [\n    2,\n    4\n  ]", plan.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        // a second fresh start into the same folder is refused, exit 2
        var (again, _, againErr) = CliRunner.Run("dynamics", cfg, "--out", run, "--quiet");
        Assert.Equal(2, again);
        Assert.Contains("--resume auto", againErr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--num-passages", "many", "--num-passages many: allowed: a whole number")]
    [InlineData("--epoch-schedule", "1,x", "--epoch-schedule 1,x: allowed: comma-separated whole epochs")]
    [InlineData("--epoch-schedule", "5,3", "dynamics.epoch_schedule = [5, 3]: must be strictly increasing")]
    [InlineData("--set", "duration.epochs=3", "duration.epochs: stepwise dynamics sets it")]
    public void Dynamics_bad_input_exits_2_and_writes_nothing(string option, string value, string expected)
    {
        using var t = new TempDir();
        string cfg = t.Write("exp.yaml", Experiment);
        string run = Path.Combine(t.Path, "run");
        var (code, _, err) = CliRunner.Run("dynamics", cfg, "--out", run, option, value, "--quiet");
        Assert.Equal(2, code);
        Assert.Contains(expected, err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(run));
    }

    [Fact]
    public void Train_with_dynamics_record_then_dynamics_RUN_DIR_summarizes_the_cartography()
    {
        using var t = new TempDir();
        string cfg = t.Write("tab.yaml", """
            seed: 1
            threads: 1
            data: { source: blobs, n: 50, features: 2, classes: 2, splits: { val: 0.2 } }
            model: { kind: logreg }
            optimizer: { kind: sgd, lr: 0.3 }
            batch: { size: 10 }
            duration: { epochs: 3 }
            dynamics: { record: true }
            """);
        string run = Path.Combine(t.Path, "run");
        var (code, _, err) = CliRunner.Run("train", cfg, "--out", run, "--quiet");
        Assert.True(code == 0, err);
        var (sc, summary, serr) = CliRunner.Run("dynamics", run);
        Assert.True(sc == 0, serr);
        Assert.StartsWith("dataset cartography: 40 train rows over 3 complete epoch(s)", summary, StringComparison.Ordinal);
        var csv = File.ReadAllLines(Path.Combine(run, "cartography", "cartography.csv"));
        Assert.Equal(41, csv.Length);
        // a run folder without a log is bad input
        string plain = Path.Combine(t.Path, "plain");
        CliRunner.Run("train", t.Write("plain.yaml", File.ReadAllText(cfg).Replace("dynamics: { record: true }", "")), "--out", plain, "--quiet");
        var (pcode, _, perr) = CliRunner.Run("dynamics", plain);
        Assert.Equal(2, pcode);
        Assert.Contains("dynamics: { record: true }", perr, StringComparison.Ordinal);
    }
}
