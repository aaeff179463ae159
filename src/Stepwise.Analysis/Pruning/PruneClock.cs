using System.Diagnostics;

namespace Stepwise.Analysis.Pruning;

/// <summary>
/// The experiment's jobs as they start and finish: reports <see cref="PruneProgress"/> with an estimate of the time left
/// (the wall time per unit of work so far, times the units left; a unit is one update trained, or one update of a window
/// scored, counted twice), and adds up the wall time per phase.
/// </summary>
internal sealed class PruneClock
{
    private readonly PrunePlan _plan;
    private readonly IPruneObserver? _observer;
    private readonly Stopwatch _total = Stopwatch.StartNew();
    private readonly Stopwatch _job = new();
    private readonly double[] _seconds = new double[3];
    private readonly long _unitsPerRepeat;
    private PrunePhase _phase;
    private long _units, _unitsDone;
    private double _secondsForDone;

    public PruneClock(PrunePlan plan, IPruneObserver? observer)
    {
        _plan = plan;
        _observer = observer;
        int scorers = plan.Settings.Scorers.Count;
        long trained = plan.Trained.TotalSteps, retrained = plan.Retrained.TotalSteps;
        long retrains = plan.Settings.Stages * scorers + 1 + (plan.First.Data.NoisyIndices.Count > 0 ? 1 : 0);
        JobsPerRepeat = checked((int)(1 + scorers + retrains));
        _unitsPerRepeat = checked(trained + 2 * trained * scorers + retrained * retrains);
    }

    /// <summary>Jobs in one repeat: one training, one scoring per method, the retrainings.</summary>
    public int JobsPerRepeat { get; }

    /// <summary>Jobs started so far.</summary>
    public int Job { get; private set; }

    /// <summary>A job of <paramref name="units"/> starts.</summary>
    public void Start(PrunePhase phase, int repeat, PruneMethod? method, int? stage, long units)
    {
        _phase = phase;
        _units = units;
        _job.Restart();
        TimeSpan? eta = null;
        if (_unitsDone > 0)
        {
            long left = checked(_unitsPerRepeat * _plan.Settings.Repeats - _unitsDone);
            eta = TimeSpan.FromSeconds(_secondsForDone / _unitsDone * Math.Max(0, left));
        }
        _observer?.Progress(new PruneProgress(repeat, _plan.Settings.Repeats, phase, method, stage, _plan.Settings.Stages, Job,
            JobsPerRepeat * _plan.Settings.Repeats, _total.Elapsed, eta));
        Job++;
    }

    /// <summary>The job under way ended (finished, or stopped: then its time counts but not its units).</summary>
    public void Finish(bool done = true)
    {
        double seconds = _job.Elapsed.TotalSeconds;
        _seconds[(int)_phase] += seconds;
        if (!done) return;
        _unitsDone += _units;
        _secondsForDone += seconds;
    }

    /// <summary>The time split of this process.</summary>
    public PruneTiming Timing() => new(_seconds[(int)PrunePhase.Training], _seconds[(int)PrunePhase.Scoring], _seconds[(int)PrunePhase.Retraining], _total.Elapsed.TotalSeconds);
}
