using Stepwise.Training;
using Stepwise.Training.Checkpoints;
using Stepwise.Training.Replay;
using Stepwise.Training.State;

namespace Stepwise.Analysis.Tests.Influence;

/// <summary>Replay by segments (Training/Replay) visits exactly the run's states: every checkpoint's weights are
/// reproduced bit for bit, from checkpoints or from step 0, for any K, and it keeps only the segment starts no
/// checkpoint holds.</summary>
public class SegmentReplayTests
{
    private const string Accum = """
        seed: 5
        data: { source: blobs, n: 301, features: 6, classes: 3, label_noise: 0.1, splits: { val: 0.1 } }
        model: { kind: mlp, hidden: [8], activation: tanh }
        optimizer: { kind: adamw, lr: 0.01 }
        batch: { size: 8, grad_accum: 3, world_size: 2 }
        duration: { max_steps: 40 }
        checkpoints: { every: 6 }
        """;

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(6)]
    [InlineData(50)]
    public void Visits_every_state_backward_and_reproduces_each_checkpoint_byte_for_byte(long k)
    {
        using var runs = new InfluenceRuns();
        string dir = runs.Train(Accum);
        var run = TrainingRun.Open(dir);
        var replay = new SegmentReplay(run, k, ReplayCapture.Gradient | ReplayCapture.OptimizerState);
        var window = new StepWindow(3, 38);
        var visited = new List<long>();
        var states = new Dictionary<long, float[]>();
        float[]? end = null;
        Assert.True(replay.WalkBackward(window, theta => end = theta.ToArray(), u =>
        {
            visited.Add(u.Update.Value);
            states[u.Update.Value] = u.Before.ToArray();
            Assert.Equal(u.GradientWeights.Length, u.Rows.Length);
            Assert.Equal(run.Model.Params.Length, u.Gradient.Length);
        }));
        Assert.Equal(Enumerable.Range(3, 36).Reverse().Select(i => (long)i), visited);
        var store = new CheckpointStore(dir);
        foreach (var c in store.List().Where(c => c.Step >= 3 && c.Step <= 39))
        {
            var expected = TrainingRun.Open(dir, new Step(c.Step)).Model.Params;
            float[] got = c.Step == 39 ? end! : states[c.Step];
            Assert.True(expected.AsSpan().SequenceEqual(got), $"state {c.Step} (K = {k})");
        }
    }

    [Fact]
    public void Segment_starts_on_checkpoints_are_loaded_others_are_kept_from_one_forward_pass()
    {
        using var runs = new InfluenceRuns();
        string dir = runs.Train(Accum);
        var run = TrainingRun.Open(dir);
        // K = 6 and checkpoints every 6: every segment start but the window's own (3) is a checkpoint; 3 is reached
        // from step 0 (the seed's initialization), then the window is replayed once
        var aligned = new SegmentReplay(run, 6);
        Assert.True(aligned.WalkBackward(new StepWindow(3, 38), _ => { }, _ => { }));
        Assert.Equal(1, aligned.PeakKeptStarts);
        Assert.Equal(6, aligned.CheckpointsLoaded);          // 6, 12, …, 36
        Assert.Equal(3 + 36, aligned.ReplayedUpdates);
        // K = 4: starts 3, 4, 8, 12, …, 36; 12, 24 and 36 are checkpoints, the other seven are kept from a forward pass
        // from step 0 that jumps to the newest checkpoint before each (0→3→4, 6→8, 12→16, 18→20, 24→28, 30→32)
        var misaligned = new SegmentReplay(run, 4);
        Assert.True(misaligned.WalkBackward(new StepWindow(3, 38), _ => { }, _ => { }));
        Assert.Equal(7, misaligned.PeakKeptStarts);
        Assert.Equal(3 + 1 + 2 + 4 + 2 + 4 + 2 + 36, misaligned.ReplayedUpdates);
    }

    [Fact]
    public void A_corrupt_segment_start_is_replayed_from_an_earlier_checkpoint_with_one_warning()
    {
        using var runs = new InfluenceRuns();
        string dir = runs.Train(Accum);
        var run = TrainingRun.Open(dir);
        var expected = new Dictionary<long, float[]>();
        Assert.True(new SegmentReplay(run, 6).WalkBackward(new StepWindow(6, 29), _ => { }, u => expected[u.Update.Value] = u.Before.ToArray()));
        string model = Path.Combine(dir, CheckpointStore.FolderName(18), CheckpointCodec.ModelFile);
        byte[] bytes = File.ReadAllBytes(model);
        bytes[^1] ^= 0x40;
        File.WriteAllBytes(model, bytes);
        var warnings = new List<string>();
        var replay = new SegmentReplay(run, 6, ReplayCapture.None, warnings.Add);
        var got = new Dictionary<long, float[]>();
        Assert.True(replay.WalkBackward(new StepWindow(6, 29), _ => { }, u => got[u.Update.Value] = u.Before.ToArray()));
        Assert.Equal(expected.Keys.Order(), got.Keys.Order());
        foreach (var (t, theta) in expected) Assert.True(theta.AsSpan().SequenceEqual(got[t]), $"state {t}");
        Assert.Single(warnings);
        Assert.Contains("checkpoint_step_18", warnings[0], StringComparison.Ordinal);
        Assert.Contains("replaying from an earlier state instead", warnings[0], StringComparison.Ordinal);
    }
}
