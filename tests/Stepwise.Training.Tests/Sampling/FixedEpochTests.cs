using Stepwise.Training.Loop;
using Stepwise.Training.Runs;
using Stepwise.Training.Sampling;
using Stepwise.Training.Tests.Loop;

namespace Stepwise.Training.Tests.Sampling;

/// <summary>Seed 003's fixed epoch (train_iterations_per_epoch): planned and trained, rows drawn with replacement,
/// resumed bit for bit.</summary>
public class FixedEpochTests
{
    // digits: 1,438 train rows; an epoch is 50 updates of 16 rows, whatever the data's size
    private const string Fixed = """
        seed: 9
        data: { source: digits, splits: { val: 0.2 }, steps_per_epoch: 50 }
        model: { kind: mlp, hidden: [16] }
        optimizer: { kind: sgd, lr: 0.1 }
        batch: { size: 16, grad_accum: 2 }
        duration: { epochs: 3 }
        eval: { at_epoch_end: true }
        checkpoints: { epoch_ends: true }
        """;

    [Fact]
    public void An_explicit_steps_per_epoch_trains_that_many_updates_per_epoch_and_reports_coverage()
    {
        var setup = RunHarness.Setup(Fixed);
        Assert.Equal(50, setup.Plan.StepsPerEpoch);
        Assert.Equal(150, setup.TotalSteps);
        Assert.Equal(1438, setup.Plan.UniqueSamples);
        Assert.Equal(1600m / 1438m, setup.Plan.Coverage);
        Assert.Contains(setup.Plan.Warnings, w => w.Contains("overrides the epoch of", StringComparison.Ordinal));
        Assert.IsType<ReplacementSampler>(setup.CreateSampler());
        using var h = new RunHarness();
        var (outcome, _, obs) = RunHarness.Train(Fixed, h.Dir("a"));
        Assert.Equal(TrainOutcome.Completed, outcome);
        Assert.Equal([50L, 100, 150], obs.Saves);
        Assert.Equal([50L, 100, 150], obs.Evals);
    }

    [Fact]
    public void Rows_are_drawn_with_replacement_as_a_function_of_the_update_alone()
    {
        var setup = RunHarness.Setup(Fixed);
        var a = setup.CreateSampler();
        var b = setup.CreateSampler();
        var rows = new long[16];
        var again = new long[16];
        var seen = new HashSet<long>();
        int repeats = 0;
        for (long u = 149; u >= 0; u--)          // any order: positioning is O(1)
        {
            for (int m = 0; m < 2; m++)
            {
                Assert.Equal(16, a.Rows(u, 0, m, rows));
                b.Rows(u, 0, m, again);
                Assert.Equal(rows, again);
                foreach (long r in rows)
                {
                    Assert.InRange(r, 0, 1437);
                    if (!seen.Add(r)) repeats++;
                }
            }
        }
        Assert.True(repeats > 0, "with replacement, 4,800 draws from 1,438 rows repeat some");
        Assert.True(seen.Count > 1200, $"only {seen.Count} distinct rows");
    }

    [Fact]
    public void A_fixed_epoch_run_stopped_and_resumed_equals_an_uninterrupted_one()
    {
        using var h = new RunHarness();
        RunHarness.Train(Fixed, h.Dir("s"));
        RunHarness.Train(Fixed, h.Dir("a"), stopAt: 77);
        RunHarness.Train(Fixed, h.Dir("a"), ResumeMode.Auto);
        foreach (string f in new[] { RunFiles.Metrics, RunFiles.MetricsCsv, "checkpoint_step_150/model.safetensors", "checkpoint_step_150/optimizer.safetensors" })
            Assert.Equal(RunHarness.Hash(Path.Combine(h.Dir("s"), f)), RunHarness.Hash(Path.Combine(h.Dir("a"), f)));
    }

    [Theory]
    [InlineData("samples_per_epoch: 800", 25)]
    [InlineData("epoch_time: 30s", 15)]
    public void Samples_per_epoch_and_an_epoch_time_also_fix_the_epoch(string key, long steps)
    {
        string yaml = Fixed.Replace("steps_per_epoch: 50", key, StringComparison.Ordinal) + (key.StartsWith("epoch_time", StringComparison.Ordinal) ? "\nduration: { epochs: 3, step_time: 2s }" : "");
        if (key.StartsWith("epoch_time", StringComparison.Ordinal)) yaml = yaml.Replace("duration: { epochs: 3 }\n", "", StringComparison.Ordinal);
        var setup = RunHarness.Setup(yaml);
        Assert.Equal(steps, setup.Plan.StepsPerEpoch);
        Assert.Equal(1438, setup.Plan.UniqueSamples);
        Assert.IsType<ReplacementSampler>(setup.CreateSampler());
    }

    [Fact]
    public void A_train_size_is_refused_for_a_run_naming_the_keys_that_fix_an_epoch()
    {
        var errors = RunHarness.Errors(Fixed.Replace("steps_per_epoch: 50", "train_size: 500", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("data.train_size = 500: train takes the train size from the data", StringComparison.Ordinal) && e.Contains("data.steps_per_epoch", StringComparison.Ordinal));
    }
}
