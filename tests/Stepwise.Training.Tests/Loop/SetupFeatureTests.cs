using System.Text.Json;
using Stepwise.Training.Checkpoints;
using Stepwise.Training.Loop;
using Stepwise.Training.State;

namespace Stepwise.Training.Tests.Loop;

/// <summary>The setup's learning-rate history across resumes, initial weights from a checkpoint, the influence
/// recording checkpoints, and a scheduler's deadline.</summary>
public class SetupFeatureTests
{
    private static readonly string Linear = TrainerTests.Accum.Replace("optimizer: { kind: adamw, lr: 0.01 }", "optimizer: { kind: adamw, lr: 0.01 }\nlr_schedule: { kind: linear, warmup_steps: 4 }", StringComparison.Ordinal);

    [Fact]
    public void A_resume_with_another_duration_records_the_new_schedule_from_its_step_and_replays_follow_it()
    {
        using var h = new RunHarness();
        string dir = h.Dir("a");
        RunHarness.Train(Linear, dir, stopAt: 20);                         // T = 40: checkpoints 6, 12, 18, 20
        string longer = Linear.Replace("max_steps: 40", "max_steps: 60", StringComparison.Ordinal);
        RunHarness.Train(longer, dir, ResumeMode.Auto);                    // T = 60 from step 20 on
        var state = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "checkpoint_step_60", "trainer_state.json"))).RootElement;
        var segments = state.GetProperty("stepwise").GetProperty("lr_schedules").EnumerateArray().ToList();
        Assert.Equal([0L, 20], segments.Select(s => s.GetProperty("from_update").GetInt64()));
        Assert.Equal([40L, 60], segments.Select(s => s.GetProperty("total_steps").GetInt64()));
        // checkpoint 18 was written under T = 40; its replay to 24 must apply T = 60's rates from update 20 on
        var run = TrainingRun.Open(Path.Combine(dir, "checkpoint_step_18"));
        Assert.Equal(40, run.Setup.TotalSteps);
        Assert.NotEqual(run.Setup.LrSchedule.At(new Step(22)), run.LrTimeline.At(new Step(22)));
        run.ReplayTo(new Step(24));
        Assert.True(CheckpointCodec.ModelBytes(run.Model).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(dir, "checkpoint_step_24", CheckpointCodec.ModelFile))));
    }

    [Fact]
    public void Init_from_starts_the_model_at_a_checkpoints_weights_and_refuses_another_model()
    {
        using var h = new RunHarness();
        string dir = h.Dir("pre");
        RunHarness.Train(TrainerTests.Accum, dir);
        string ckpt = Path.Combine(dir, "checkpoint_step_40");
        string fine = TrainerTests.Accum.Replace("model: { kind: mlp, hidden: [8], activation: tanh }", $"model: {{ kind: mlp, hidden: [8], activation: tanh, init_from: '{ckpt}' }}", StringComparison.Ordinal);
        var setup = RunHarness.Setup(fine);
        var run = TrainingRun.Start(setup);
        Assert.True(CheckpointCodec.ModelBytes(run.Model).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(ckpt, CheckpointCodec.ModelFile))));
        Assert.NotNull(setup.Identity.InitDigest);
        string other = fine.Replace("hidden: [8]", "hidden: [9]", StringComparison.Ordinal);
        var errors = RunHarness.Errors(other);
        Assert.Contains(errors, e => e.StartsWith("model.init_from = ", StringComparison.Ordinal) && e.Contains("l0.weight", StringComparison.Ordinal));
        Assert.Contains(RunHarness.Errors(fine.Replace("checkpoint_step_40", "checkpoint_step_41", StringComparison.Ordinal)), e => e.Contains("no such checkpoint folder", StringComparison.Ordinal));
    }

    [Fact]
    public void Influence_recording_adds_permanent_checkpoints_at_window_starts_and_every_segment()
    {
        using var h = new RunHarness();
        string dir = h.Dir("a");
        string yaml = TrainerTests.Accum.Replace("checkpoints: { every: 6 }", "checkpoints: { every: 6, keep_last: 1 }\nstages: 4\ninfluence: { record: true, segment: 4 }", StringComparison.Ordinal);
        var setup = RunHarness.Setup(yaml);
        Assert.Equal(4, setup.Plan.InfluenceSegment);
        RunHarness.Train(yaml, dir);
        var kept = new CheckpointStore(dir).List().Select(c => c.Step).ToList();
        // windows [0,9] [10,19] [20,29] [30,39]: starts 0, 10, 20, 30; every 4: 4, 8, …, 40; keep_last 1 rotates the rest
        var recorded = new long[] { 0, 4, 8, 10, 12, 16, 20, 24, 28, 30, 32, 36, 40 };
        Assert.Equal(recorded, kept);
    }

    [Fact]
    public void A_deadline_stops_the_run_cleanly_before_it()
    {
        using var h = new RunHarness();
        string yaml = TrainerTests.Accum.Replace("max_steps: 40", "max_steps: 2000000", StringComparison.Ordinal).Replace("checkpoints: { every: 6 }", "checkpoints: { every: 100000 }", StringComparison.Ordinal)
            .Replace("eval: { every: 7 }", "eval: { every: 100000 }", StringComparison.Ordinal);
        var deadline = DateTime.UtcNow.AddSeconds(2);
        var (outcome, trainer, _) = RunHarness.Train(yaml, h.Dir("a"), options: o => o with { Deadline = deadline });
        Assert.Equal(TrainOutcome.Stopped, outcome);
        Assert.True(DateTime.UtcNow < deadline.AddSeconds(1), "stopped too late");
        Assert.True(File.Exists(Path.Combine(h.Dir("a"), CheckpointStore.FolderName(trainer.FinalStep), CheckpointCodec.ModelFile)));
        Assert.Contains("allocation ends at", File.ReadAllText(Path.Combine(h.Dir("a"), "run.json")), StringComparison.Ordinal);
    }
}
