using Stepwise.Analysis.Pruning;
using Stepwise.Training.Loop;

namespace Stepwise.Analysis.Tests.Pruning;

/// <summary>An experiment stopped in every phase (while training once, between two windows of TIM's scoring, in the
/// middle of a retraining) and continued each time with <see cref="PruneRequest.Resume"/> ends with the files of an
/// uninterrupted one, byte for byte, and never redoes a finished window or run.</summary>
public sealed class PruneResumeTests : IDisposable
{
    private readonly PruneRuns _runs = new();

    public void Dispose() => _runs.Dispose();

    /// <summary>Requests a stop when a given job starts, or when a given window has been scored; records what it saw.</summary>
    private sealed class StopAt(StopSignal stop, int? job = null, (PruneMethod Method, int Stage)? scored = null) : IPruneObserver
    {
        public List<string> Seen { get; } = [];

        public void Progress(PruneProgress p)
        {
            Seen.Add($"job {p.Job} {p.Phase} {p.Method} {p.Stage}");
            if (p.Job == job) stop.Request("test stop");
        }

        public void Scored(int repeat, PruneMethod method, int stage, long stages)
        {
            Seen.Add($"scored {method} {stage}");
            if (scored == (method, stage)) stop.Request("test stop");
        }

        public void Message(string line) { }
    }

    private PruneOutcome Run(string name, bool resume, int? job = null, (PruneMethod, int)? scored = null, List<string>? seen = null)
    {
        var stop = new StopSignal();
        var observer = new StopAt(stop, job, scored);
        var outcome = PruneExperiment.Run(PruneRuns.Plan(_runs.Request(PruneRuns.Small, name, new PruneOverrides { Method = "all" }, resume)), stop, observer);
        seen?.AddRange(observer.Seen);
        return outcome;
    }

    private static string[] Files(string dir) =>
    [
        PruneFolders.Results, PruneFolders.Summary, "influence/tim.csv", "influence/tracin.csv", "metrics.jsonl", "run.json",
        "retrain/stage-1-tim/metrics.jsonl", "retrain/stage-2-tim/run.json", "retrain/stage-3-tracin/metrics.jsonl", "retrain/oracle/run.json",
    ];

    [Fact]
    public void Stopped_in_every_phase_and_resumed_it_ends_with_the_files_of_an_uninterrupted_experiment()
    {
        var whole = Run("whole", resume: false);
        Assert.False(whole.Stopped);

        // 1. stopped while training once (after its first update)
        var first = Run("resumed", resume: false, job: 0);
        Assert.True(first.Stopped);
        Assert.Empty(first.Results.Rows);
        Assert.Contains("\"status\": \"stopped\"", File.ReadAllText(Path.Combine(_runs.Dir("resumed"), PruneFolders.Results)), StringComparison.Ordinal);

        // 2. stopped after TIM's first window was scored (in the second window)
        var seen = new List<string>();
        var second = Run("resumed", resume: true, scored: (PruneMethod.Tim, 1), seen: seen);
        Assert.True(second.Stopped);
        Assert.Contains("scored Tim 1", seen);
        Assert.DoesNotContain("scored Tim 2", seen);

        // 3. stopped in the middle of stage 2's TIM retraining (job 5: training, 2 scorings, stage 1 × 2, then it)
        seen.Clear();
        var third = Run("resumed", resume: true, job: 5, seen: seen);
        Assert.True(third.Stopped);
        Assert.DoesNotContain("scored Tim 1", seen); // kept from the second process, not scored again
        Assert.Contains("scored Tim 2", seen);
        Assert.Equal(2, third.Results.Rows.Count);
        string finished = Path.Combine(_runs.Dir("resumed"), "retrain", "stage-1-tim");
        string log = File.ReadAllText(Path.Combine(finished, "train.log"));
        byte[] weights = File.ReadAllBytes(Path.Combine(finished, "checkpoint_step_132", "model.safetensors"));

        // 4. to the end
        seen.Clear();
        var last = Run("resumed", resume: true, seen: seen);
        Assert.False(last.Stopped);
        Assert.DoesNotContain(seen, s => s.StartsWith("scored", StringComparison.Ordinal));
        Assert.Equal(log, File.ReadAllText(Path.Combine(finished, "train.log"))); // a finished run is not trained again
        Assert.Equal(weights, File.ReadAllBytes(Path.Combine(finished, "checkpoint_step_132", "model.safetensors")));
        foreach (string file in Files(_runs.Dir("whole")))
            Assert.True(File.ReadAllBytes(Path.Combine(_runs.Dir("whole"), file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(_runs.Dir("resumed"), file))), $"{file} differs");
        Assert.Equal(PruneResultsJson.Write(whole.Results), PruneResultsJson.Write(last.Results));
    }

    [Fact]
    public void A_time_limit_already_spent_stops_before_the_first_update_and_the_experiment_resumes()
    {
        var plan = PruneRuns.Plan(_runs.Request(PruneRuns.Small, "limited") with { TimeLimit = TimeSpan.Zero });
        var stopped = PruneExperiment.Run(plan, new StopSignal());
        Assert.True(stopped.Stopped);
        Assert.StartsWith("time limit", stopped.Results.StopReason, StringComparison.Ordinal);
        var resumed = PruneExperiment.Run(PruneRuns.Plan(_runs.Request(PruneRuns.Small, "limited", resume: true)), new StopSignal());
        Assert.False(resumed.Stopped);
        Assert.Equal(6, resumed.Results.Rows.Count);
    }
}
