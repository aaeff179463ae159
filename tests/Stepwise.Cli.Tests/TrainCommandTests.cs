using System.Diagnostics;

namespace Stepwise.Cli.Tests;

/// <summary><c>stepwise train</c>, <c>evaluate</c> and <c>measure</c> through the CLI: exit codes, messages, the run folder.</summary>
public class TrainCommandTests
{
    internal const string Small = """
        name: small
        seed: 2
        data: { source: digits, splits: { val: 0.2, test: 0.2 } }
        model: { kind: mlp, hidden: [16] }
        optimizer: { kind: sgd, lr: 0.1, momentum: 0.9 }
        batch: { size: 32 }
        duration: { epochs: 2 }
        eval: { at_epoch_end: true }
        checkpoints: { epoch_ends: true }
        """;

    [Fact]
    public void Train_writes_the_run_folder_and_prints_the_final_metrics()
    {
        using var t = new TempDir();
        string cfg = t.Write("small.yaml", Small);
        string run = Path.Combine(t.Path, "run");
        var (code, output, err) = CliRunner.Run("train", cfg, "--out", run, "--quiet");
        Assert.True(code == 0, err);
        Assert.StartsWith($"completed 68/68 {run} train_loss=", output, StringComparison.Ordinal);
        Assert.Contains("val_accuracy=", output, StringComparison.Ordinal);
        foreach (string f in new[] { "plan.json", "config.yaml", "metrics.jsonl", "metrics.csv", "run.json", "checkpoint_step_34/model.safetensors", "checkpoint_step_68/trainer_state.json" })
            Assert.True(File.Exists(Path.Combine(run, f)), f);
        // the plan the trainer wrote is the plan `stepwise plan` prints
        var (pc, planJson, _) = CliRunner.Run("plan", cfg, "--format", "json");
        Assert.Equal(0, pc);
        Assert.Equal(planJson.Trim(), File.ReadAllText(Path.Combine(run, "plan.json")).Trim());

        var (ec, eval, eerr) = CliRunner.Run("evaluate", Path.Combine(run, "checkpoint_step_68"), "--splits", "val,test", "--format", "json");
        Assert.True(ec == 0, eerr);
        Assert.Contains("\"step\":68", eval, StringComparison.Ordinal);
        Assert.Contains("\"val\":{\"loss\":", eval, StringComparison.Ordinal);

        var (again, againOut, _) = CliRunner.Run("train", cfg, "--out", run, "--resume", "auto", "--quiet");
        Assert.Equal(0, again);
        Assert.StartsWith("complete 68/68", againOut, StringComparison.Ordinal);
    }

    public static TheoryData<string, string[], string> BadRuns() => new()
    {
        { Small.Replace("hidden: [16]", "hiden: [16]", StringComparison.Ordinal), [], "did you mean 'model.hidden'" },
        { Small.Replace("source: digits, ", "", StringComparison.Ordinal), [], "data.source: missing" },
        { Small.Replace("kind: mlp", "kind: tiny_gpt", StringComparison.Ordinal), [], "tiny_gpt needs data.source: text" },
        { Small.Replace("val: 0.2", "val: 1.5", StringComparison.Ordinal), [], "data.splits.val = 1.5" },
        { Small.Replace("val: 0.2, test: 0.2", "val: 0.6, test: 0.5", StringComparison.Ordinal), [], "data" },
        { Small.Replace("lr: 0.1", "lr: -1", StringComparison.Ordinal), [], "optimizer.lr = -1" },
        { Small.Replace("momentum: 0.9", "momentum: 1.5", StringComparison.Ordinal), [], "optimizer.momentum = 1.5" },
        { Small + "\neval_extra: 1\n", [], "unknown key" },
        { Small.Replace("eval: { at_epoch_end: true }", "eval: { at_epoch_end: true, splits: [vall] }", StringComparison.Ordinal), [], "did you mean 'val'" },
        { Small.Replace("checkpoints: { epoch_ends: true }", "checkpoints: { epoch_ends: true, keep_best: 1, best_metric: val_accurcy }", StringComparison.Ordinal), [], "did you mean 'val_accuracy'" },
        { Small + "\ndata_train_size: 5\n", [], "unknown key" },
        { Small, ["--max-steps", "0"], "--max-steps = 0" },
        { Small, ["--time-limit", "5xx"], "--time-limit = 5xx" },
        { Small, ["--resume", "auto"], "--resume auto needs --out" },
        { Small, ["--threads", "0"], "--threads = 0" },
    };

    [Theory]
    [MemberData(nameof(BadRuns))]
    public void Bad_train_input_exits_2_with_one_line_and_writes_nothing(string yaml, string[] extra, string fragment)
    {
        using var t = new TempDir();
        string cfg = t.Write("bad.yaml", yaml);
        string run = Path.Combine(t.Path, "run");
        string[] args = extra.Contains("--resume") ? ["train", cfg, .. extra] : ["train", cfg, "--out", run, "--quiet", .. extra];
        var (code, output, err) = CliRunner.Run(args);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains(fragment, err, StringComparison.Ordinal);
        Assert.Contains("stepwise: error:", err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(run), "nothing is written on exit 2");
    }

    [Fact]
    public void Resuming_another_configs_checkpoint_exits_2_naming_the_differing_keys()
    {
        using var t = new TempDir();
        string run = Path.Combine(t.Path, "run");
        Assert.Equal(0, CliRunner.Run("train", t.Write("a.yaml", Small), "--out", run, "--quiet", "--max-steps", "34").Code);
        var before = Directory.GetFiles(run, "*", SearchOption.AllDirectories).Length;
        var (code, _, err) = CliRunner.Run("train", t.Write("b.yaml", Small.Replace("size: 32", "size: 64", StringComparison.Ordinal)), "--out", run, "--resume", "auto", "--quiet");
        Assert.Equal(2, code);
        Assert.Contains("batch.size (32 → 64)", err, StringComparison.Ordinal);
        Assert.Equal(before, Directory.GetFiles(run, "*", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public void Evaluate_reports_a_corrupt_checkpoint_in_one_line()
    {
        using var t = new TempDir();
        string run = Path.Combine(t.Path, "run");
        Assert.Equal(0, CliRunner.Run("train", t.Write("a.yaml", Small), "--out", run, "--quiet", "--max-steps", "34").Code);
        File.WriteAllBytes(Path.Combine(run, "checkpoint_step_34", "optimizer.safetensors"), [1, 2, 3]);
        var (code, _, err) = CliRunner.Run("evaluate", Path.Combine(run, "checkpoint_step_34"));
        Assert.Equal(2, code);
        Assert.Contains("checkpoint_step_34 is corrupt: optimizer.safetensors", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Measure_times_real_steps_and_computes_the_epoch_for_a_desired_duration()
    {
        using var t = new TempDir();
        var (code, output, err) = CliRunner.Run("measure", t.Write("a.yaml", Small), "--steps", "20", "--warmup", "2", "--epoch-time", "1h");
        Assert.True(code == 0, err);
        Assert.Contains("Step time over 20 updates: median", output, StringComparison.Ordinal);
        Assert.Contains("Planned epoch: 34 steps", output, StringComparison.Ordinal);
        Assert.Contains("For an epoch of 1.00 h", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1025")]
    public void Measure_with_threads_out_of_range_exits_2_with_one_line(string threads)
    {
        using var t = new TempDir();
        var (code, output, err) = CliRunner.Run("measure", t.Write("a.yaml", Small), "--steps", "2", "--threads", threads);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains($"stepwise: error: --threads = {threads}: allowed 1..256", err, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_time_limit_stops_with_exit_3_and_a_checkpoint_that_resumes()
    {
        using var t = new TempDir();
        string cfg = t.Write("long.yaml", Small.Replace("epochs: 2", "epochs: 3000", StringComparison.Ordinal));
        string run = Path.Combine(t.Path, "run");
        var (code, output, err) = CliRunner.Run("train", cfg, "--out", run, "--quiet", "--time-limit", "2s");
        Assert.True(code == 3, err);
        Assert.StartsWith("stopped ", output, StringComparison.Ordinal);
        Assert.Contains("time limit", err, StringComparison.Ordinal);
        Assert.Contains("\"status\": \"stopped\"", File.ReadAllText(Path.Combine(run, "run.json")), StringComparison.Ordinal);
        Assert.NotEmpty(Directory.GetDirectories(run, "checkpoint_step_*"));
    }

    [Fact]
    public void Sigterm_in_a_child_process_exits_3_with_a_checkpoint_and_the_resumed_run_equals_a_straight_one()
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "stepwise.dll");
        Assert.True(File.Exists(dll), dll);
        using var t = new TempDir();
        string yaml = Small.Replace("epochs: 2", "epochs: 40", StringComparison.Ordinal).Replace("hidden: [16]", "hidden: [512, 256]", StringComparison.Ordinal).Replace("checkpoints: { epoch_ends: true }", "checkpoints: { every: 50 }", StringComparison.Ordinal);
        string cfg = t.Write("sig.yaml", yaml);
        string run = Path.Combine(t.Path, "run");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { dll, "train", cfg, "--out", run, "--threads", "1" }) psi.ArgumentList.Add(a);
        using var p = new Process { StartInfo = psi };
        var err = new System.Text.StringBuilder();
        using var saved = new ManualResetEventSlim();
        p.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (err) err.AppendLine(e.Data);
            if (e.Data.Contains("saved checkpoint_step_100", StringComparison.Ordinal)) saved.Set();
        };
        p.Start();
        p.BeginErrorReadLine();
        Assert.True(saved.Wait(TimeSpan.FromSeconds(120)), "no checkpoint_step_100 within 120 s: " + err);
        using (var kill = Process.Start("kill", ["-TERM", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) kill.WaitForExit();
        Assert.True(p.WaitForExit(60_000));
        p.WaitForExit();
        Assert.True(p.ExitCode == 3, $"exit {p.ExitCode}: {err}");
        Assert.Contains("(SIGTERM)", err.ToString(), StringComparison.Ordinal);
        Assert.Contains("\"status\": \"stopped\"", File.ReadAllText(Path.Combine(run, "run.json")), StringComparison.Ordinal);
        var (rc, _, rerr) = CliRunner.Run("train", cfg, "--out", run, "--resume", "auto", "--quiet");
        Assert.True(rc == 0, rerr);
        string straight = Path.Combine(t.Path, "straight");
        Assert.Equal(0, CliRunner.Run("train", cfg, "--out", straight, "--quiet").Code);
        Assert.Equal(File.ReadAllBytes(Path.Combine(straight, "checkpoint_step_1360", "model.safetensors")), File.ReadAllBytes(Path.Combine(run, "checkpoint_step_1360", "model.safetensors")));
        Assert.Equal(File.ReadAllText(Path.Combine(straight, "metrics.jsonl")), File.ReadAllText(Path.Combine(run, "metrics.jsonl")));
    }
}
