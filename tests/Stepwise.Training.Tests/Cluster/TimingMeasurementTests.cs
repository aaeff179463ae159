using Stepwise.Training.Cluster;
using Stepwise.Training.Loop;
using Stepwise.Training.Runs;
using Stepwise.Training.Tests.Loop;

namespace Stepwise.Training.Tests.Cluster;

/// <summary>Where the grace period's figures come from: given, the run's own timing.jsonl, or measured here.</summary>
public sealed class TimingMeasurementTests : IDisposable
{
    private const string Yaml = """
        seed: 3
        data: { source: digits, splits: { val: 0.2 } }
        model: { kind: mlp, hidden: [16] }
        batch: { size: 32 }
        duration: { max_steps: 60 }
        eval: { every: 20 }
        checkpoints: { every: 20 }
        log: { every: 10 }
        """;

    private readonly RunHarness _h = new();

    [Fact]
    public void Given_figures_win_and_nothing_is_measured_or_written()
    {
        var setup = RunHarness.Setup(Yaml);
        string scratch = _h.Dir("scratch");
        Directory.CreateDirectory(scratch);
        var f = TimingMeasurement.Resolve(setup, _h.Dir("none"), new TimingInputs(12m, 20m, 3m), scratch, 1);
        Assert.Equal((12.0, "--step-time"), (f.Step.Seconds, f.Step.Source));
        Assert.Equal((20.0, "--eval-time"), (f.Evaluation.Seconds, f.Evaluation.Source));
        Assert.Equal((3.0, "--save-time"), (f.Save.Seconds, f.Save.Source));
        Assert.Empty(Directory.EnumerateFileSystemEntries(scratch));
        Assert.False(Directory.Exists(_h.Dir("none")));
    }

    [Fact]
    public void Missing_figures_are_measured_here_and_the_probe_is_removed()
    {
        var setup = RunHarness.Setup(Yaml);
        string scratch = _h.Dir("scratch");
        Directory.CreateDirectory(scratch);
        var f = TimingMeasurement.Resolve(setup, _h.Dir("none"), new TimingInputs(), scratch, 1);
        Assert.True(f.Step.Seconds > 0 && f.Evaluation.Seconds > 0 && f.Save.Seconds > 0, $"{f}");
        Assert.StartsWith("measured here: median of 10 updates", f.Step.Source, StringComparison.Ordinal);
        Assert.Contains("one evaluation of val", f.Evaluation.Source, StringComparison.Ordinal);
        Assert.Contains("one checkpoint write of", f.Save.Source, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(scratch));
    }

    [Fact]
    public void An_evaluation_only_at_the_final_step_costs_the_grace_nothing()
    {
        var setup = RunHarness.Setup(Yaml.Replace("eval: { every: 20 }", "eval: { every: 60 }", StringComparison.Ordinal));
        Assert.False(TimingMeasurement.EvaluatesBeforeEnd(setup));
        var f = TimingMeasurement.Resolve(setup, _h.Dir("none"), new TimingInputs(1m, null, 1m), _h.Root, 1);
        Assert.Equal((0.0, "no evaluation before the final step"), (f.Evaluation.Seconds, f.Evaluation.Source));
    }

    [Fact]
    public void A_run_that_trained_gives_its_own_update_and_save_times()
    {
        var setup = RunHarness.Setup(Yaml);
        string dir = _h.Dir("run");
        var outcome = new Trainer(setup, new TrainerOptions { RunDirectory = dir, FlushSeconds = 0 }).Run();
        Assert.Equal(TrainOutcome.Completed, outcome);
        var records = RunFolder.Open(dir).Timing().ToList();
        var (step, save) = TimingMeasurement.FromTimingLog(RunFolder.Open(dir));
        Assert.NotNull(step);
        Assert.NotNull(save);
        Assert.Equal(records.Where(r => r.SaveSeconds is not null).Max(r => r.SaveSeconds!.Value), save!.Value.Seconds);
        Assert.StartsWith("timing.jsonl of run: median of ", step!.Value.Source, StringComparison.Ordinal);
        var f = TimingMeasurement.Resolve(setup, dir, new TimingInputs(EvaluationSeconds: 2m), _h.Root, 1);
        Assert.Equal(step, f.Step);
        Assert.Equal(save, f.Save);
    }

    public void Dispose() => _h.Dispose();
}
