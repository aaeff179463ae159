using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Stepwise.Training.Loop;
using Stepwise.Training.Runs;

namespace Stepwise.Training.Tests.Loop;

public class TrainerTests
{
    // digits: 1,797 rows → val 359, test 359, train 1,079; batch 32 → U = 34; 3 epochs → T = 102.
    internal const string Mlp = """
        seed: 3
        data: { source: digits, splits: { val: 0.2, test: 0.2 } }
        model: { kind: mlp, hidden: [16] }
        optimizer: { kind: sgd, lr: 0.1, momentum: 0.9 }
        lr_schedule: { kind: cosine, warmup_steps: 10 }
        batch: { size: 32 }
        duration: { epochs: 3 }
        eval: { every: 20, at_epoch_end: true }
        checkpoints: { every: 25, epoch_ends: true }
        log: { every: 5 }
        """;

    // Gradient accumulation (partial window at each epoch end) and two simulated ranks without drop_last.
    internal const string Accum = """
        seed: 5
        data: { source: blobs, n: 301, features: 6, classes: 3, label_noise: 0.1, splits: { val: 0.1 } }
        model: { kind: mlp, hidden: [8], activation: tanh }
        optimizer: { kind: adamw, lr: 0.01 }
        batch: { size: 8, grad_accum: 3, world_size: 2 }
        duration: { max_steps: 40 }
        eval: { every: 7 }
        checkpoints: { every: 6 }
        """;

    // TinyGpt with dropout: resume must restore the dropout RNG.
    internal const string Gpt = """
        seed: 1
        data: { source: text, context: 16, n: 96, splits: { val: 0.25 } }
        model: { kind: tiny_gpt, layers: 1, heads: 2, width: 16, dropout: 0.1 }
        optimizer: { kind: adamw, lr: 0.003 }
        batch: { size: 8 }
        duration: { max_steps: 24 }
        eval: { every: 8 }
        checkpoints: { every: 5 }
        """;

    private static List<long> LoggedEvalSteps(string dir) =>
        File.ReadAllLines(Path.Combine(dir, RunFiles.Metrics)).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.EnumerateObject().Any(p => p.Name.EndsWith("_accuracy", StringComparison.Ordinal)))
            .Select(e => e.GetProperty("step").GetInt64()).ToList();

    [Fact]
    public void Trainer_evaluates_and_saves_exactly_at_the_plans_steps()
    {
        using var h = new RunHarness();
        var setup = RunHarness.Setup(Mlp);
        Assert.Equal(34, setup.Plan.StepsPerEpoch);
        Assert.Equal(102, setup.TotalSteps);
        var (outcome, trainer, obs) = RunHarness.Train(Mlp, h.Dir("a"));
        Assert.Equal(TrainOutcome.Completed, outcome);
        var planEvals = setup.Plan.Evaluations.Enumerate().Select(s => s.Value).ToList();
        var planSaves = setup.Plan.Checkpoints.Enumerate().Select(s => s.Value).ToList();
        Assert.Equal([20, 34, 40, 60, 68, 80, 100, 102], planEvals);
        Assert.Equal([25, 34, 50, 68, 75, 100, 102], planSaves);
        Assert.Equal(planEvals, obs.Evals);
        Assert.Equal(planEvals, LoggedEvalSteps(h.Dir("a")));
        Assert.Equal(planSaves, obs.Saves);
        var folders = Directory.GetDirectories(h.Dir("a"), "checkpoint_step_*").Select(d => long.Parse(Path.GetFileName(d)["checkpoint_step_".Length..])).Order().ToList();
        Assert.Equal(planSaves, folders);
        // training rows at multiples of log.every and at T
        var trainRows = File.ReadAllLines(Path.Combine(h.Dir("a"), RunFiles.Metrics)).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.TryGetProperty("loss", out _)).Select(e => e.GetProperty("step").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range(1, 20).Select(i => 5L * i).Append(102), trainRows);
        // every split at the final step, a real model
        Assert.Equal(["train", "val", "test"], trainer.FinalMetrics.Select(m => m.Split));
        Assert.True(trainer.FinalMetrics[1].Accuracy > 0.85, $"val accuracy {trainer.FinalMetrics[1].Accuracy}");
        foreach (string f in new[] { RunFiles.Plan, RunFiles.Config, RunFiles.Run, RunFiles.MetricsCsv })
            Assert.True(File.Exists(Path.Combine(h.Dir("a"), f)), f);
        Assert.Contains("\"status\": \"completed\"", File.ReadAllText(Path.Combine(h.Dir("a"), RunFiles.Run)), StringComparison.Ordinal);
    }

    [Fact]
    public void Two_runs_of_the_same_config_write_identical_bytes()
    {
        using var h = new RunHarness();
        RunHarness.Train(Accum, h.Dir("a"));
        RunHarness.Train(Accum, h.Dir("b"));
        foreach (string f in new[] { "metrics.jsonl", "checkpoint_step_40/model.safetensors", "checkpoint_step_40/optimizer.safetensors", "checkpoint_step_40/trainer_state.json" })
            Assert.Equal(RunHarness.Hash(Path.Combine(h.Dir("a"), f)), RunHarness.Hash(Path.Combine(h.Dir("b"), f)));
    }

    public static TheoryData<string, string> Configs => new() { { "mlp", Mlp }, { "accum", Accum }, { "gpt", Gpt } };

    [Theory]
    [MemberData(nameof(Configs))]
    public void A_run_stopped_at_a_random_step_and_resumed_equals_an_uninterrupted_run(string name, string yaml)
    {
        using var h = new RunHarness();
        var straight = RunHarness.Train(yaml, h.Dir("straight"));
        Assert.Equal(TrainOutcome.Completed, straight.Outcome);
        long total = RunHarness.Setup(yaml).TotalSteps;
        string final = $"checkpoint_step_{total}";
        int trial = 0;
        Prop.ForAll(Gen.Choose(1, (int)total - 1).ToArbitrary(), k =>
        {
            string dir = h.Dir($"{name}-{trial++}");
            var first = RunHarness.Train(yaml, dir, stopAt: k);
            if (first.Outcome != TrainOutcome.Stopped || first.Trainer.FinalStep != k) return false;
            var second = RunHarness.Train(yaml, dir, ResumeMode.Auto);
            if (second.Outcome != TrainOutcome.Completed) return false;
            foreach (string f in new[] { "model.safetensors", "optimizer.safetensors", "trainer_state.json" })
                if (RunHarness.Hash(Path.Combine(dir, final, f)) != RunHarness.Hash(Path.Combine(h.Dir("straight"), final, f))) return false;
            return RunHarness.Hash(Path.Combine(dir, RunFiles.Metrics)) == RunHarness.Hash(Path.Combine(h.Dir("straight"), RunFiles.Metrics));
        }).Check(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(4));
    }

    [Fact]
    public void Resume_auto_skips_a_corrupt_newest_checkpoint_with_a_one_line_warning()
    {
        using var h = new RunHarness();
        string dir = h.Dir("a");
        RunHarness.Train(Mlp, dir, stopAt: 60);   // checkpoints 25, 34, 50, (60: the stop)
        byte[] bytes = File.ReadAllBytes(Path.Combine(dir, "checkpoint_step_60", "model.safetensors"));
        bytes[^3] ^= 0x10;
        File.WriteAllBytes(Path.Combine(dir, "checkpoint_step_60", "model.safetensors"), bytes);
        var resumed = RunHarness.Train(Mlp, dir, ResumeMode.Auto);
        Assert.Equal(TrainOutcome.Completed, resumed.Outcome);
        Assert.Contains(resumed.Observer.Messages, m => m.StartsWith("checkpoint_step_60 is corrupt: model.safetensors", StringComparison.Ordinal) && m.Contains("falling back to checkpoint_step_50", StringComparison.Ordinal));
        Assert.Contains(resumed.Observer.Messages, m => m.Contains("resuming from checkpoint_step_50", StringComparison.Ordinal));
        var straight = RunHarness.Train(Mlp, h.Dir("straight"));
        Assert.Equal(RunHarness.Hash(Path.Combine(h.Dir("straight"), "checkpoint_step_102", "model.safetensors")), RunHarness.Hash(Path.Combine(dir, "checkpoint_step_102", "model.safetensors")));
    }

    [Fact]
    public void Resume_refuses_a_checkpoint_from_another_geometry_naming_the_keys_and_force_overrides()
    {
        using var h = new RunHarness();
        string dir = h.Dir("a");
        RunHarness.Train(Mlp, dir, stopAt: 30);
        string changed = Mlp.Replace("batch: { size: 32 }", "batch: { size: 16 }", StringComparison.Ordinal).Replace("seed: 3", "seed: 4", StringComparison.Ordinal);
        var e = Assert.Throws<RunInputException>(() => RunHarness.Train(changed, dir, ResumeMode.Auto));
        Assert.Contains("batch.size (32 → 16)", e.Message, StringComparison.Ordinal);
        Assert.Contains("seed (3 → 4)", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        var forced = RunHarness.Train(changed, dir, ResumeMode.Auto, force: true);
        Assert.Equal(TrainOutcome.Completed, forced.Outcome);
    }

    [Fact]
    public void A_longer_duration_continues_from_the_checkpoint_and_a_finished_run_changes_nothing()
    {
        using var h = new RunHarness();
        string dir = h.Dir("a");
        string shortRun = Mlp.Replace("duration: { epochs: 3 }", "duration: { max_steps: 40 }", StringComparison.Ordinal);
        Assert.Equal(TrainOutcome.Completed, RunHarness.Train(shortRun, dir).Outcome);
        var before = Directory.GetFiles(dir, "*", SearchOption.AllDirectories).ToDictionary(f => f, RunHarness.Hash);
        var again = RunHarness.Train(shortRun, dir, ResumeMode.Auto);
        Assert.Equal(TrainOutcome.AlreadyComplete, again.Outcome);
        Assert.Equal(before, Directory.GetFiles(dir, "*", SearchOption.AllDirectories).ToDictionary(f => f, RunHarness.Hash));
        var longer = RunHarness.Train(Mlp, dir, ResumeMode.Auto);
        Assert.Equal(TrainOutcome.Completed, longer.Outcome);
        Assert.True(Directory.Exists(Path.Combine(dir, "checkpoint_step_102")));
        Assert.Equal(41, longer.Observer.Steps[0]);
    }

    [Fact]
    public void Resume_from_epoch_starts_at_that_epochs_end()
    {
        using var h = new RunHarness();
        string dir = h.Dir("a");
        RunHarness.Train(Mlp, dir);
        var again = RunHarness.Train(Mlp, dir, ResumeMode.FromEpochEnd(2));
        Assert.Equal(TrainOutcome.Completed, again.Outcome);
        Assert.Equal(69, again.Observer.Steps[0]);
        var missing = Assert.Throws<RunInputException>(() => RunHarness.Train(Mlp.Replace("epoch_ends: true", "epoch_ends: false", StringComparison.Ordinal), h.Dir("b"), ResumeMode.FromEpochEnd(1)));
        Assert.Contains("epoch 1 (step 34)", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Retention_keeps_the_newest_and_permanent_checkpoints()
    {
        using var h = new RunHarness();
        string dir = h.Dir("a");
        string yaml = Mlp.Replace("checkpoints: { every: 25, epoch_ends: true }", "checkpoints: { every: 10, keep_last: 2, permanent: [30] }", StringComparison.Ordinal);
        RunHarness.Train(yaml, dir);
        var left = Directory.GetDirectories(dir, "checkpoint_step_*").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["checkpoint_step_100", "checkpoint_step_102", "checkpoint_step_30"], left);
    }

    [Fact]
    public void A_stop_requested_before_the_first_update_writes_no_checkpoint()
    {
        using var h = new RunHarness();
        var setup = RunHarness.Setup(Mlp);
        var stop = new StopSignal();
        stop.Request("SIGTERM");
        var trainer = new Trainer(setup, new TrainerOptions { RunDirectory = h.Dir("a"), Stop = stop });
        Assert.Equal(TrainOutcome.Stopped, trainer.Run());
        Assert.Empty(Directory.GetDirectories(h.Dir("a"), "checkpoint_step_*"));
    }
}
