using System.Globalization;
using Stepwise.Engine.Kernels;
using Stepwise.Planning;
using Stepwise.Training;
using Stepwise.Training.Checkpoints;
using Stepwise.Training.Loop;
using Stepwise.Training.Replay;
using Stepwise.Training.Setup;

namespace Stepwise.Analysis.Influence;

/// <summary>
/// <c>stepwise influence</c>'s work: opens a run folder, checks the request against it (every problem is a one-line
/// <see cref="RunInputException"/> before anything is written), estimates every window (<see cref="InfluenceEstimator"/>),
/// checks some samples by exact leave-one-out retraining when asked, and keeps finished windows in a progress file so
/// that a run stopped by a signal or its time limit resumes at the next window.
/// </summary>
public static class InfluenceAnalysis
{
    /// <summary>Runs <paramref name="request"/>; <paramref name="stop"/> (set by signal handlers) and the request's time
    /// limit stop it after the current update, with the finished windows reported and kept.</summary>
    /// <param name="request">What to measure.</param>
    /// <param name="stop">The stop request.</param>
    /// <param name="log">Diagnostics (one line each), or null.</param>
    /// <param name="top">Samples listed as most helpful and most harmful per window.</param>
    /// <exception cref="RunInputException">The run, a window, the query split, the model or the options are not
    /// usable (the message says which and what is allowed).</exception>
    public static InfluenceReport Run(InfluenceRequest request, StopSignal stop, Action<string>? log = null, int top = 20)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(stop);
        var options = request.Options;
        if (options.Verify < 0) throw new RunInputException($"--verify {options.Verify}: must be ≥ 0 samples per window");
        if (top < 0) throw new RunInputException($"--top {top}: must be ≥ 0");
        var run = TrainingRun.Open(request.RunPath, warn: log);
        var setup = run.Setup;
        long total = setup.TotalSteps;
        var windows = Windows(request, total);
        long reached = run.Step.Value;
        foreach (var w in windows)
        {
            long measured = options.MeasureAt == MeasureAt.End ? total : w.End + 1;
            if (measured > reached)
            {
                throw new RunInputException(string.Create(CultureInfo.InvariantCulture,
                    $"window {w} is measured at state {measured}, but the run's newest checkpoint is {CheckpointStore.FolderName(reached)} (training stopped there); finish the run first: stepwise train <config> --out {request.RunPath} --resume auto"));
            }
        }
        EngineThreads.Count = ThreadCount.Resolve(request.Threads, setup.Config.Threads);
        var estimator = new InfluenceEstimator(run, options, log);
        string key = InfluenceProgress.Key(setup, windows, options);
        var loaded = request.ProgressPath is { } p ? InfluenceProgress.Load(p, key) : null;
        var finished = new List<WindowInfluence>(loaded?.Done ?? []);
        if (finished.Count > 0 || loaded?.Sweep is not null)
            log?.Invoke($"resuming: {finished.Count} of {windows.Count} windows finished by an earlier run ({request.ProgressPath})");

        using var timer = Arm(request, stop);
        var states = new SegmentReplay(run, 1, ReplayCapture.None, log);
        bool lost = false;
        void Save(SweepState? sweep)
        {
            if (request.ProgressPath is { } path && !lost) InfluenceProgress.Save(path, key, finished, sweep);
        }
        void Completed(WindowInfluence w)
        {
            if (lost) return;
            var result = w;
            if (options.Verify > 0)
            {
                var samples = LeaveOneOut.Stratified(w, options.Verify);
                if (samples.Count < options.Verify) log?.Invoke($"note: window {w.Window} read {samples.Count} samples; verifying all of them (--verify {options.Verify})");
                var start = states.StateAt(w.Window.FirstState, stop);
                var check = start is null ? null : new LeaveOneOut(start, w.Window, w.MeasuredAt, options.Query).Verify(w, samples, stop);
                if (check is null) { lost = true; return; }
                result = w.WithVerification(check);
            }
            finished.Add(result);
            if (options.MeasureAt == MeasureAt.WindowEnd) Save(null);
            log?.Invoke($"window {w.Window} done ({finished.Count} of {windows.Count})");
        }
        var all = estimator.Estimate(windows, finished.ToList(), stop, Completed, loaded?.Sweep, Save);
        string? reason = all is null || lost ? stop.Reason ?? "stopped" : null;
        if (reason is null && request.ProgressPath is { } done && File.Exists(done)) File.Delete(done);
        var ordered = windows.Select(w => finished.FirstOrDefault(f => f.Window == w)).OfType<WindowInfluence>().ToList();
        long segment = estimator.SegmentFor(windows.Max(w => w.Length.Value));
        return new InfluenceReport(setup.Plan, windows, request.Stages, options, segment, ordered, new TrainSamples(setup.Data), top, reason,
            estimator.ReplayedUpdates + states.ReplayedUpdates, loaded?.Done.Count ?? 0);
    }

    /// <summary>Where an analysis keeps its finished windows until it completes: beside <paramref name="outFile"/>
    /// (<c>FILE.partial</c>), else in the run folder (<c>influence.partial</c>).</summary>
    public static string ProgressPathFor(string runPath, string? outFile)
    {
        ArgumentException.ThrowIfNullOrEmpty(runPath);
        if (outFile is not null) return Path.GetFullPath(outFile) + ".partial";
        string full = Path.GetFullPath(runPath.TrimEnd('/'));
        string folder = CheckpointStore.TryParseFolderName(Path.GetFileName(full), out _) ? Path.GetDirectoryName(full)! : full;
        return Path.Combine(folder, "influence.partial");
    }

    /// <summary>The request's windows: the plan's K stages over 0..T−1, or the explicit ones, each checked against T.</summary>
    public static IReadOnlyList<StepWindow> Windows(InfluenceRequest request, long totalSteps)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Stages is { } k)
        {
            if (request.Windows is not null) throw new RunInputException("--stages and --window/--windows: give one of them");
            var split = StageWindows.Split(totalSteps, k);
            if (!split.TryGetValue(out var stages)) throw new RunInputException($"--stages {k}: {split.Error}");
            return stages;
        }
        if (request.Windows is not { Count: > 0 } windows) throw new RunInputException("no window: give --window A:B, --windows A:B,C:D,… or --stages K");
        foreach (var w in windows)
        {
            if (w.End >= totalSteps)
            {
                throw new RunInputException(string.Create(CultureInfo.InvariantCulture,
                    $"--window {w.Start}:{w.End}: update {w.End} is past the run's last update {totalSteps - 1} (T = {totalSteps}); allowed: A:B with 0 ≤ A ≤ B ≤ {totalSteps - 1}"));
            }
        }
        return windows.Distinct().ToList();
    }

    private static Timer? Arm(InfluenceRequest request, StopSignal stop)
    {
        if (request.TimeLimit is not { } limit) return null;
        var origin = request.TimeLimitOrigin ?? DateTime.UtcNow;
        var due = origin + limit - DateTime.UtcNow;
        string reason = string.Create(CultureInfo.InvariantCulture, $"time limit {limit.TotalSeconds:0.###}s");
        if (due <= TimeSpan.Zero)
        {
            stop.Request(reason);
            return null;
        }
        return new Timer(_ => stop.Request(reason), null, due, Timeout.InfiniteTimeSpan);
    }
}
