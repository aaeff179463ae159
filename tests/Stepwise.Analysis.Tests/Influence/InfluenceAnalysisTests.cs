using Stepwise.Analysis.Influence;
using Stepwise.Training;
using Stepwise.Training.Loop;

namespace Stepwise.Analysis.Tests.Influence;

/// <summary><see cref="InfluenceAnalysis"/>: bad requests are one line before anything is written; a stop after a
/// window resumes at the next one with results identical to an uninterrupted analysis.</summary>
public class InfluenceAnalysisTests
{
    private const string Noisy = """
        seed: 2
        data: { source: digits, n: 250, label_noise: 0.3, splits: { val: 0.2 } }
        model: { kind: logreg }
        optimizer: { kind: adamw, lr: 0.01 }
        batch: { size: 16 }
        duration: { epochs: 5 }
        stages: 3
        influence: { record: true }
        """;

    [Theory]
    [InlineData(MeasureAt.WindowEnd)]
    [InlineData(MeasureAt.End)]
    public void A_stop_after_a_window_resumes_at_the_next_with_the_same_results(MeasureAt at)
    {
        using var runs = new InfluenceRuns();
        string dir = runs.Train(Noisy);
        string progress = Path.Combine(runs.Root, "p.partial");
        var options = new InfluenceOptions { MeasureAt = at, Verify = 5 };
        var whole = InfluenceAnalysis.Run(new InfluenceRequest { RunPath = dir, Stages = 3, Options = options }, new StopSignal());
        Assert.False(whole.Stopped);
        Assert.Equal(3, whole.Results.Count);

        var stop = new StopSignal();
        var first = InfluenceAnalysis.Run(new InfluenceRequest { RunPath = dir, Stages = 3, Options = options, ProgressPath = progress }, stop,
            line => { if (line.Contains("done (1 of 3)", StringComparison.Ordinal)) stop.Request("test"); });
        Assert.True(first.Stopped);
        Assert.Equal("test", first.StopReason);
        Assert.Single(first.Results);
        Assert.True(File.Exists(progress));

        var resumed = InfluenceAnalysis.Run(new InfluenceRequest { RunPath = dir, Stages = 3, Options = options, ProgressPath = progress }, new StopSignal());
        Assert.False(resumed.Stopped);
        Assert.Equal(1, resumed.ResumedWindows);
        Assert.False(File.Exists(progress));
        for (int k = 0; k < 3; k++)
        {
            Assert.Equal(whole.Results[k].Window, resumed.Results[k].Window);
            Assert.Equal(whole.Results[k].Scores, resumed.Results[k].Scores);
            Assert.Equal(whole.Results[k].Verification!.Actual, resumed.Results[k].Verification!.Actual);
        }
    }

    [Fact]
    public void Another_request_never_resumes_from_a_progress_file()
    {
        using var runs = new InfluenceRuns();
        string dir = runs.Train(Noisy);
        string progress = Path.Combine(runs.Root, "p.partial");
        var stop = new StopSignal();
        InfluenceAnalysis.Run(new InfluenceRequest { RunPath = dir, Stages = 3, ProgressPath = progress }, stop,
            line => { if (line.Contains("done (1 of 3)", StringComparison.Ordinal)) stop.Request("test"); });
        var other = InfluenceAnalysis.Run(new InfluenceRequest { RunPath = dir, Stages = 3, ProgressPath = progress, Options = new() { Query = "train" } }, new StopSignal());
        Assert.Equal(0, other.ResumedWindows);
        Assert.Equal(3, other.Results.Count);
    }

    [Fact]
    public void Stage_windows_are_the_plans_and_noisy_samples_score_lowest()
    {
        using var runs = new InfluenceRuns();
        string dir = runs.Train(Noisy);
        var report = InfluenceAnalysis.Run(new InfluenceRequest { RunPath = dir, Stages = 3 }, new StopSignal());
        Assert.Equal(TrainingRun.Open(dir).Setup.Plan.Windows, report.Windows);
        Assert.All(report.Summaries, s => Assert.True(s.NoisyAmongLowest10 > 2 * s.NoiseShare, $"{s.NoisyAmongLowest10} vs {s.NoiseShare}"));
    }

    public static TheoryData<string, InfluenceRequest, string> BadRequests(string dir) => new()
    {
        { "past T", new InfluenceRequest { RunPath = dir, Windows = [new StepWindow(10, 500)] }, "--window 10:500: update 500 is past the run's last update 64 (T = 65); allowed: A:B with 0 ≤ A ≤ B ≤ 64" },
        { "no window", new InfluenceRequest { RunPath = dir }, "no window: give --window A:B" },
        { "stages 0", new InfluenceRequest { RunPath = dir, Stages = 0 }, "--stages 0: must be ≥ 1" },
        { "stages > T", new InfluenceRequest { RunPath = dir, Stages = 66 }, "--stages 66: more windows than the 65 updates" },
        { "query", new InfluenceRequest { RunPath = dir, Stages = 3, Options = new() { Query = "test" } }, "--query test: no such split" },
        { "segment", new InfluenceRequest { RunPath = dir, Stages = 3, Options = new() { Segment = 0 } }, "--segment 0: must be ≥ 1 update" },
        { "verify", new InfluenceRequest { RunPath = dir, Stages = 3, Options = new() { Verify = -1 } }, "--verify -1: must be ≥ 0" },
        { "missing run", new InfluenceRequest { RunPath = dir + "-missing", Stages = 3 }, "no such checkpoint or run folder" },
    };

    [Fact]
    public void Bad_requests_are_one_line_and_write_nothing()
    {
        using var runs = new InfluenceRuns();
        string dir = runs.Train(Noisy);
        var before = Directory.GetFileSystemEntries(dir, "*", SearchOption.AllDirectories).Order().ToList();
        foreach (var row in BadRequests(dir))
        {
            string name = (string)row[0];
            var request = ((InfluenceRequest)row[1]) with { ProgressPath = Path.Combine(dir, "influence.partial") };
            var e = Assert.Throws<RunInputException>(() => InfluenceAnalysis.Run(request, new StopSignal()));
            Assert.Contains((string)row[2], e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', e.Message);
            Assert.Equal(before, Directory.GetFileSystemEntries(dir, "*", SearchOption.AllDirectories).Order().ToList());
            _ = name;
        }
    }

    [Fact]
    public void A_run_that_stopped_before_a_windows_end_state_and_tiny_gpt_are_refused_naming_what_to_do()
    {
        using var runs = new InfluenceRuns();
        string dir = Path.Combine(runs.Root, "stopped");
        var stop = new StopSignal();
        var trainer = new Trainer(InfluenceRuns.Setup(Noisy), new TrainerOptions { RunDirectory = dir, Stop = stop, Observer = new StopAt(stop, 40) });
        Assert.Equal(TrainOutcome.Stopped, trainer.Run());
        var e = Assert.Throws<RunInputException>(() => InfluenceAnalysis.Run(new InfluenceRequest { RunPath = dir, Windows = [new StepWindow(30, 49)] }, new StopSignal()));
        Assert.Contains("window [30, 49] is measured at state 50, but the run's newest checkpoint is checkpoint_step_40", e.Message, StringComparison.Ordinal);
        Assert.Contains("--resume auto", e.Message, StringComparison.Ordinal);
        var end = Assert.Throws<RunInputException>(() => InfluenceAnalysis.Run(new InfluenceRequest { RunPath = dir, Windows = [new StepWindow(0, 9)], Options = new() { MeasureAt = MeasureAt.End } }, new StopSignal()));
        Assert.Contains("measured at state 65", end.Message, StringComparison.Ordinal);

        string gpt = runs.Train("""
            seed: 1
            data: { source: text, context: 8, n: 40, splits: { val: 0.25 } }
            model: { kind: tiny_gpt, layers: 1, heads: 1, width: 8 }
            batch: { size: 8 }
            duration: { max_steps: 6 }
            """);
        var g = Assert.Throws<RunInputException>(() => InfluenceAnalysis.Run(new InfluenceRequest { RunPath = gpt, Windows = [new StepWindow(0, 2)] }, new StopSignal()));
        Assert.Equal("influence supports model.kind logreg and mlp (exact Hessian-vector products); this run trains tiny_gpt", g.Message);
    }

    private sealed class StopAt(StopSignal stop, long step) : ITrainObserver
    {
        public void Started(long s, long total, string runDirectory) { }
        public void Step(long s, long epoch, double loss, double lr) { if (s == step) stop.Request("test"); }
        public void Evaluated(long s, IReadOnlyList<Stepwise.Training.Models.EvalMetrics> metrics) { }
        public void Saved(long s, string path, double seconds) { }
        public void Message(string line) { }
        public void Detail(string line) { }
        public void EpochEnded(long epoch, long s) { }
        public void WindowEnded(int stage, long s) { }
    }
}
