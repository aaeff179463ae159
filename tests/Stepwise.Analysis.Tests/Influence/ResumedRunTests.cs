using Stepwise.Analysis.Influence;
using Stepwise.Training;
using Stepwise.Training.Loop;
using Stepwise.Training.Models;
using Stepwise.Training.Replay;

namespace Stepwise.Analysis.Tests.Influence;

/// <summary>A run resumed with a longer duration recomputes its cosine schedule from the resume step on; influence
/// applies the rates each update really used (the run's learning-rate timeline), so it needs no refusal: the replayed
/// rates and the listed batches' rates are training's, and the estimate still agrees with retraining across the
/// resume.</summary>
public class ResumedRunTests
{
    private const string Cosine = """
        seed: 11
        data: { source: digits, n: 300, splits: { val: 0.2 } }
        model: { kind: logreg, l2: 0.001 }
        optimizer: { kind: sgd, lr: 0.5 }
        lr_schedule: { kind: cosine }
        batch: { size: 16 }
        duration: { max_steps: 40 }
        checkpoints: { every: 10 }
        """;

    private sealed class Rates : IUpdateHook
    {
        public Dictionary<long, float> Used { get; } = [];

        public void AfterUpdate(in UpdateRecord u) => Used[u.Update.Value] = u.LearningRate;
    }

    private sealed class StopAt(StopSignal stop, long step) : ITrainObserver
    {
        public void Started(long s, long total, string runDirectory) { }
        public void Step(long s, long epoch, double loss, double lr) { if (s == step) stop.Request("test"); }
        public void Evaluated(long s, IReadOnlyList<EvalMetrics> metrics) { }
        public void Saved(long s, string path, double seconds) { }
        public void Message(string line) { }
        public void Detail(string line) { }
        public void EpochEnded(long epoch, long s) { }
        public void WindowEnded(int stage, long s) { }
    }

    [Fact]
    public void Influence_applies_the_rates_of_every_session_of_a_run_resumed_with_a_new_duration()
    {
        using var runs = new InfluenceRuns();
        string dir = Path.Combine(runs.Root, "resumed");
        var rates = new Rates();
        var stop = new StopSignal();
        Assert.Equal(TrainOutcome.Stopped, new Trainer(InfluenceRuns.Setup(Cosine), new TrainerOptions { RunDirectory = dir, Stop = stop, Observer = new StopAt(stop, 20), Hooks = [rates] }).Run());
        var longer = InfluenceRuns.Setup(Cosine.Replace("max_steps: 40", "max_steps: 60", StringComparison.Ordinal));
        Assert.Equal(TrainOutcome.Completed, new Trainer(longer, new TrainerOptions { RunDirectory = dir, Resume = ResumeMode.Auto, Hooks = [rates] }).Run());
        Assert.Equal(60, rates.Used.Count);
        Assert.NotEqual((float)longer.LrSchedule.At(new Step(10)), rates.Used[10]);   // the first session's schedule was another

        var run = TrainingRun.Open(dir);
        Assert.All(new UpdateBatches(run).Rows(new StepWindow(0, 59)), b => Assert.Equal(rates.Used[b.Update], b.LearningRate));
        var visited = new Dictionary<long, float>();
        Assert.True(new SegmentReplay(run, 10).WalkBackward(new StepWindow(5, 44), _ => { }, u => visited[u.Update.Value] = u.LearningRate));
        Assert.All(visited, p => Assert.Equal(rates.Used[p.Key], p.Value));

        var window = new StepWindow(12, 31);                                   // across the resume at step 20
        var estimator = new InfluenceEstimator(run, new InfluenceOptions { Precision = CurvaturePrecision.Float64 });
        var influence = estimator.Estimate([window])![0];
        var start = estimator.LastReplay!.StateAt(window.FirstState)!;
        var check = new LeaveOneOut(start, window, influence.MeasuredAt, "val").Verify(influence, LeaveOneOut.Stratified(influence, 50))!;
        Assert.True(check.Spearman >= 0.95, $"Spearman {check.Spearman}");
    }
}
