using System.Text.Json;
using Stepwise.Training.Loop;
using Stepwise.Training.Runs;

namespace Stepwise.Training.Tests.Loop;

/// <summary>The seeds' schedules, scaled down, trained for real: the trainer's events are the plan's.</summary>
public class SeedScaledTests
{
    // Seed 001 at 1/1000 scale: max_steps overrides epochs; dense every 5 until 30, then every 50; eval of the test
    // split every 5 and of every split at the end.
    private const string Seed001 = """
        seed: 0
        data: { source: blobs, n: 390, features: 4, classes: 3, splits: { test: 0.1 } }
        model: { kind: logreg }
        batch: { size: 16 }
        duration: { num_epochs: 3, max_steps: 300 }
        checkpoints: { save_step_dense: 30, save_step_dense_interval: 5, save_steps: 50 }
        eval: { every: 5, splits: [test] }
        log: { every: 100 }
        """;

    // Seed 000: 1,000 samples, batch 16, 10 epochs, 5 stages → U = 63, T = 630, windows [0,125] … [504,629].
    private const string Seed000 = """
        seed: 0
        data: { source: blobs, n: 1000, features: 2, classes: 2 }
        model: { kind: logreg }
        batch: { size: 16 }
        duration: { epochs: 10 }
        stages: 5
        log: { every: 630 }
        """;

    [Fact]
    public void Seed001_scaled_checkpoints_and_evaluations_follow_the_plan()
    {
        using var h = new RunHarness();
        var setup = RunHarness.Setup(Seed001);
        Assert.Equal(300, setup.TotalSteps);
        var (outcome, trainer, obs) = RunHarness.Train(Seed001, h.Dir("a"));
        Assert.Equal(TrainOutcome.Completed, outcome);
        Assert.Equal([5, 10, 15, 20, 25, 30, 50, 100, 150, 200, 250, 300], obs.Saves);
        Assert.Equal(Enumerable.Range(1, 60).Select(i => 5L * i), obs.Evals);
        var rows = File.ReadAllLines(Path.Combine(h.Dir("a"), RunFiles.Metrics)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var evalRows = rows.Where(r => r.TryGetProperty("test_loss", out _)).ToList();
        Assert.Equal(60, evalRows.Count);
        Assert.All(evalRows.SkipLast(1), r => Assert.False(r.TryGetProperty("train_loss", out _)));
        Assert.True(evalRows[^1].TryGetProperty("train_loss", out _), "every split at the final step");
    }

    [Fact]
    public void Seed000_stage_windows_and_epoch_ends_are_reported_at_their_states()
    {
        using var h = new RunHarness();
        var (_, _, obs) = RunHarness.Train(Seed000, h.Dir("a"));
        Assert.Equal(Enumerable.Range(1, 10).Select(e => ((long)e, 63L * e)), obs.EpochEnds);
        Assert.Equal([(1, 126L), (2, 252L), (3, 378L), (4, 504L), (5, 630L)], obs.WindowEnds);
    }
}
