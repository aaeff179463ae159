using Stepwise.Training.Checkpoints;
using Stepwise.Training.Loop;

namespace Stepwise.Training.Replay;

/// <summary>
/// Visits the updates of a window from the last to the first, each with the exact state before it, by replaying the
/// run forward in segments of at most K updates (the first from the window's start, the others from multiples of K):
/// segment starts come from the run folder's checkpoints when one sits there
/// (<c>influence.record</c> puts one at every window start and every K updates), otherwise from copies kept during one
/// forward pass from the nearest checkpoint before them (or from step 0, the seed's initialization). Each segment is
/// replayed once more, keeping its K states, and walked backward. Memory: O((w/K + K)·P) for a window of w updates;
/// time: one replay of the window, plus one more for the segment starts no checkpoint holds. Replays are bitwise
/// those of training (<see cref="TrainingRun.Update"/>), so the visited states do not depend on K or the thread count.
/// </summary>
public sealed class SegmentReplay
{
    private readonly TrainingRun _source;
    private readonly CheckpointStore? _store;
    private readonly Action<string>? _warn;
    private readonly ReplayedUpdate[] _slots;
    private readonly Recorder _recorder = new();
    private readonly IUpdateHook[] _hooks;
    private IReadOnlyList<CheckpointInfo>? _listed;
    private readonly HashSet<long> _corrupt = [];

    /// <summary>A replay of the run <paramref name="source"/> belongs to (its setup, learning-rate timeline and folder;
    /// <paramref name="source"/> itself is never changed), in segments of <paramref name="segment"/> updates, keeping
    /// <paramref name="capture"/> besides states, rows, weights and rates.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The segment is below 1 or its states would not fit in memory.</exception>
    public SegmentReplay(TrainingRun source, long segment, ReplayCapture capture = ReplayCapture.None, Action<string>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (segment < 1 || segment > Array.MaxLength) throw new ArgumentOutOfRangeException(nameof(segment), segment, "a segment is 1 or more updates");
        _source = source;
        _store = source.Checkpoint is { } c ? new CheckpointStore(Path.GetDirectoryName(c.Path)!) : null;
        _warn = warn;
        Segment = segment;
        var sampler = source.Sampler;
        int rows = checked((int)(sampler.WorldSize * sampler.MaxMicroBatches * sampler.MaxBatch));
        int batches = checked((int)(sampler.WorldSize * sampler.MaxMicroBatches));
        long span = Math.Min(segment, source.Setup.TotalSteps);
        _slots = new ReplayedUpdate[span];
        for (int i = 0; i < _slots.Length; i++) _slots[i] = new ReplayedUpdate(source.Model.Params.Length, source.Optimizer.State.Length, rows, batches, capture);
        _hooks = [_recorder];
    }

    /// <summary>K, updates per segment.</summary>
    public long Segment { get; }

    /// <summary>Updates replayed so far (both passes), for cost accounting.</summary>
    public long ReplayedUpdates { get; private set; }

    /// <summary>Segment starts loaded from checkpoints so far.</summary>
    public long CheckpointsLoaded { get; private set; }

    /// <summary>The most segment-start copies held at once (each a model and optimizer state).</summary>
    public int PeakKeptStarts { get; private set; }

    /// <summary>
    /// Replays updates <paramref name="window"/>.Start..End and visits them from End down to Start; before the first
    /// visit, <paramref name="atEnd"/> receives the parameters of state End + 1. Returns false as soon as
    /// <paramref name="stop"/> is requested (checked after every update replayed or visited); nothing more is visited.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The window ends past the plan's last update.</exception>
    /// <exception cref="RunInputException">A checkpoint it loads is corrupt or of other data.</exception>
    public bool WalkBackward(StepWindow window, Action<ReadOnlySpan<float>> atEnd, Action<ReplayedUpdate> visit, StopSignal? stop = null)
    {
        ArgumentNullException.ThrowIfNull(atEnd);
        ArgumentNullException.ThrowIfNull(visit);
        if (window.End >= _source.Setup.TotalSteps)
            throw new ArgumentOutOfRangeException(nameof(window), window.ToString(), $"the run's updates are 0..{_source.Setup.TotalSteps - 1}");
        // segments end at multiples of K, so their starts are the multiples where influence.record checkpoints
        var starts = new List<long> { window.Start };
        for (long s = checked((window.Start / Segment + 1) * Segment); s <= window.End; s = checked(s + Segment)) starts.Add(s);
        // a start with a checkpoint folder is loaded when its turn comes (and replayed from further back if the
        // checkpoint turns out corrupt); the others are kept from one forward pass
        var listed = Listed().Select(c => c.Step).ToHashSet();
        var kept = new Dictionary<long, TrainingRun>();
        TrainingRun? cursor = null;
        foreach (long s in starts.Where(s => !listed.Contains(s)))
        {
            cursor = Reach(cursor, s, stop);
            if (cursor is null) return false;
            kept[s] = cursor.Fork();
            PeakKeptStarts = Math.Max(PeakKeptStarts, kept.Count);
        }
        cursor = null;
        for (int k = starts.Count - 1; k >= 0; k--)
        {
            long s = starts[k], last = k + 1 < starts.Count ? starts[k + 1] - 1 : window.End;
            TrainingRun? run = kept.Remove(s, out var copy) ? copy : TryLoad(s) ?? Reach(null, s, stop);
            if (run is null) return false;
            int n = checked((int)(last - s + 1));
            for (int i = 0; i < n; i++)
            {
                _slots[i].CaptureBefore(run);
                _recorder.Slot = _slots[i];
                _recorder.Run = run;
                run.Update(_hooks);
                ReplayedUpdates++;
                if (stop?.IsRequested == true) return false;
            }
            if (k == starts.Count - 1) atEnd(run.Model.Params);
            for (int i = n - 1; i >= 0; i--)
            {
                visit(_slots[i]);
                if (stop?.IsRequested == true) return false;
            }
        }
        return true;
    }

    /// <summary>The state <paramref name="step"/> of the run, replayed from the newest valid checkpoint at or before it
    /// (or from step 0), for callers that need one state (the query state of a window, a leave-one-out start).</summary>
    /// <returns>The state, or null when <paramref name="stop"/> was requested on the way.</returns>
    public TrainingRun? StateAt(Step step, StopSignal? stop = null)
    {
        if (step.Value > _source.Setup.TotalSteps) throw new ArgumentOutOfRangeException(nameof(step), step.Value, $"the run's states are 0..{_source.Setup.TotalSteps}");
        return Reach(null, step.Value, stop);
    }

    /// <summary>Moves <paramref name="cursor"/> (or a fresh state) to state <paramref name="step"/>: from the newest valid
    /// checkpoint at or before it when that is ahead of the cursor, then update by update.</summary>
    private TrainingRun? Reach(TrainingRun? cursor, long step, StopSignal? stop)
    {
        if (cursor is null || cursor.Step.Value < step)
        {
            foreach (var c in Listed().Reverse())
            {
                if (c.Step > step || (cursor is not null && c.Step <= cursor.Step.Value)) continue;
                if (TryLoad(c.Step) is { } loaded) { cursor = loaded; break; }
            }
            cursor ??= _source.Initial();
        }
        if (cursor.Step.Value > step) throw new InvalidOperationException($"the replay is at step {cursor.Step.Value}, past {step}");
        while (cursor.Step.Value < step)
        {
            cursor.Update();
            ReplayedUpdates++;
            if (stop?.IsRequested == true) return null;
        }
        return cursor;
    }

    /// <summary>The checkpoint at <paramref name="step"/>, loaded (its files checked as they are read), or null when
    /// there is none or it is corrupt (one warning).</summary>
    private TrainingRun? TryLoad(long step)
    {
        var info = Listed().FirstOrDefault(c => c.Step == step);
        if (info is null || _corrupt.Contains(step)) return null;
        try
        {
            var run = _source.LoadSibling(info);
            CheckpointsLoaded++;
            return run;
        }
        catch (RunInputException e)
        {
            _corrupt.Add(step);
            Warn($"{e.Message}; replaying from an earlier state instead");
            return null;
        }
    }

    private IReadOnlyList<CheckpointInfo> Listed() => _listed ??= _store?.List() ?? [];

    private void Warn(string line) => _warn?.Invoke(line);

    private sealed class Recorder : IUpdateHook
    {
        public ReplayedUpdate Slot { get; set; } = null!;

        public TrainingRun Run { get; set; } = null!;

        public void AfterUpdate(in UpdateRecord update) => Slot.CaptureAfter(update, Run);
    }
}
