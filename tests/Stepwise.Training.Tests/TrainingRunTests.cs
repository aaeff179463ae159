using Stepwise.Training.Checkpoints;
using Stepwise.Training.Loop;
using Stepwise.Training.Runs;
using Stepwise.Training.State;
using Stepwise.Training.Tests.Loop;

namespace Stepwise.Training.Tests;

/// <summary>Issue 15's seams: a run opened at any checkpoint replays to the next one byte for byte; a hook sees exactly
/// the rows <c>stepwise train</c> used.</summary>
public class TrainingRunTests
{
    private sealed class RowRecorder : IUpdateHook
    {
        public List<(long Update, long[] Rows, float[] Weights, int[] Ends, float Lr)> Updates { get; } = [];

        public List<(double Loss, double Weighted, float[] Correct)> Losses { get; } = [];

        public void AfterUpdate(in UpdateRecord u)
        {
            Updates.Add((u.Update.Value, u.Rows.ToArray(), u.GradientWeights.ToArray(), u.MicroBatchEnds.ToArray(), u.LearningRate));
            double weighted = 0;
            for (int i = 0; i < u.Rows.Length; i++) weighted += (double)u.GradientWeights[i] * u.RowLosses[i];
            Losses.Add((u.Loss, weighted, u.RowCorrect.ToArray()));
        }
    }

    public static TheoryData<string, string> Configs => new() { { "mlp", TrainerTests.Mlp }, { "accum", TrainerTests.Accum }, { "gpt", TrainerTests.Gpt } };

    [Theory]
    [MemberData(nameof(Configs))]
    public void A_run_opened_at_any_checkpoint_replays_to_the_next_byte_for_byte(string name, string yaml)
    {
        using var h = new RunHarness();
        string dir = h.Dir(name);
        RunHarness.Train(yaml, dir);
        var checkpoints = new CheckpointStore(dir).List();
        for (int i = 0; i + 1 < checkpoints.Count; i++)
        {
            var run = TrainingRun.Open(checkpoints[i].Path);
            Assert.Equal(checkpoints[i].Step, run.Step.Value);
            run.ReplayTo(new Step(checkpoints[i + 1].Step));
            string next = checkpoints[i + 1].Path;
            Assert.True(CheckpointCodec.ModelBytes(run.Model).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(next, CheckpointCodec.ModelFile))), $"{name}: weights at {checkpoints[i + 1].Step}");
            Assert.True(CheckpointCodec.OptimizerBytes(run.Optimizer).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(next, CheckpointCodec.OptimizerFile))), $"{name}: optimizer at {checkpoints[i + 1].Step}");
        }
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void A_hook_sees_exactly_the_rows_and_rates_train_used(string name, string yaml)
    {
        using var h = new RunHarness();
        var during = new RowRecorder();
        RunHarness.Train(yaml, h.Dir(name), options: o => o with { Hooks = [during] });
        var setup = RunHarness.Setup(yaml);
        Assert.Equal(setup.TotalSteps, during.Updates.Count);
        var sampler = setup.CreateSampler();
        var buffer = new long[sampler.MaxBatch];
        foreach (var (t, rows, weights, ends, lr) in during.Updates)
        {
            var expected = new List<long>();
            var expectedEnds = new List<int>();
            for (long r = 0; r < sampler.WorldSize; r++)
            {
                for (int m = 0; m < sampler.MicroBatches(t); m++)
                {
                    int n = sampler.Rows(t, r, m, buffer);
                    expected.AddRange(buffer.Take(n));
                    expectedEnds.Add(expected.Count);
                }
            }
            Assert.Equal(expected, rows);
            Assert.Equal(expectedEnds, ends);
            Assert.Equal((float)setup.LrSchedule.At(new Step(t)), lr);
            Assert.Equal(1.0, weights.Sum(w => (double)w), 5);  // the weights of an update's rows add up to its mean
        }
        // the rows' training losses, weighted, are the update's loss (these models have no L2 term); correctness is a share
        Assert.All(during.Losses, l => Assert.Equal(l.Loss, l.Weighted, 4));
        Assert.All(during.Losses, l => Assert.All(l.Correct, c => Assert.InRange(c, 0f, 1f)));
        // a replay from a checkpoint sees the same updates
        var checkpoint = new CheckpointStore(h.Dir(name)).List()[0];
        var replay = new RowRecorder();
        var run = TrainingRun.Open(checkpoint.Path);
        run.ReplayTo(new Step(setup.TotalSteps), [replay]);
        var tail = during.Updates.Where(u => u.Update >= checkpoint.Step).ToList();
        Assert.Equal(tail.Count, replay.Updates.Count);
        for (int i = 0; i < tail.Count; i++)
        {
            Assert.Equal(tail[i].Rows, replay.Updates[i].Rows);
            Assert.Equal(tail[i].Weights, replay.Updates[i].Weights);
        }
    }

    [Fact]
    public void Open_takes_a_run_folder_and_a_step_or_the_newest_and_evaluates_what_training_evaluated()
    {
        using var h = new RunHarness();
        string dir = h.Dir("a");
        RunHarness.Train(TrainerTests.Mlp, dir);
        var newest = TrainingRun.Open(dir);
        Assert.Equal(102, newest.Step.Value);
        var at50 = TrainingRun.Open(dir, new Step(50));
        Assert.Equal(50, at50.Step.Value);
        var row = RunFolder.Open(dir).Metrics().Last(m => !m.IsTraining && m.Step == 100);
        var at100 = TrainingRun.Open(dir, new Step(100));
        Assert.Equal(row.Get("val_loss"), at100.Evaluate("val").Loss);
        var e = Assert.Throws<RunInputException>(() => TrainingRun.Open(dir, new Step(51)));
        Assert.Contains("no valid checkpoint at step 51", e.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'val'", Assert.Throws<RunInputException>(() => at100.Evaluate("vall")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_then_Update_reproduces_the_trainers_first_checkpoint()
    {
        using var h = new RunHarness();
        string dir = h.Dir("a");
        RunHarness.Train(TrainerTests.Accum, dir);
        var run = TrainingRun.Start(RunHarness.Setup(TrainerTests.Accum));
        run.ReplayTo(new Step(6));
        Assert.True(CheckpointCodec.ModelBytes(run.Model).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(dir, "checkpoint_step_6", CheckpointCodec.ModelFile))));
    }
}
