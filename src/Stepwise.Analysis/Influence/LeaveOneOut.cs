using Stepwise.Training;
using Stepwise.Training.Loop;
using Stepwise.Training.Replay;
using Stepwise.Training.Setup;

namespace Stepwise.Analysis.Influence;

/// <summary>
/// The exact counterfactual that influence estimates, by retraining: the run is replayed from state a with the
/// sample's rows weighted 0 in updates a..b (<see cref="RowExclusion"/>: batches, denominators, rates, L2 and weight
/// decay unchanged), on to the measured state, and its query loss compared with the run's own there. Both losses are
/// the float32 model's evaluation of the query split (<see cref="TrainingRun.Evaluate"/>).
/// </summary>
public sealed class LeaveOneOut
{
    private readonly TrainingRun _start;
    private readonly StepWindow _window;
    private readonly Step _measured;
    private readonly string _query;

    /// <summary>Prepares retraining of <paramref name="window"/> measured at <paramref name="measured"/>, from
    /// <paramref name="start"/>, the run at state a (never changed).</summary>
    /// <exception cref="ArgumentException">The start is not state a, or the measured state precedes the window's end.</exception>
    public LeaveOneOut(TrainingRun start, StepWindow window, Step measured, string query)
    {
        ArgumentNullException.ThrowIfNull(start);
        if (start.Step.Value != window.Start) throw new ArgumentException($"the retraining starts at state {window.Start}, not {start.Step.Value}", nameof(start));
        if (measured < window.LastState) throw new ArgumentException($"the measured state {measured.Value} precedes the window's end state {window.LastState.Value}", nameof(measured));
        (_start, _window, _measured, _query) = (start, window, measured, query);
    }

    /// <summary>L_query at the measured state as trained (null when stopped on the way).</summary>
    public double? BaseLoss(StopSignal? stop = null) => LossWithout(null, stop);

    /// <summary>L_query at the measured state with <paramref name="rows"/> removed from the window (null: nothing
    /// removed); null when <paramref name="stop"/> was requested on the way.</summary>
    public double? LossWithout(IReadOnlyList<long>? rows, StopSignal? stop = null)
    {
        var run = _start.Fork(rows is null ? null : new RowExclusion(_window, rows));
        while (run.Step < _measured)
        {
            run.Update();
            if (stop?.IsRequested == true) return null;
        }
        return run.Evaluate(_query).Loss;
    }

    /// <summary>The samples <see cref="Verify"/> checks: <paramref name="count"/> of the window's samples spread evenly
    /// over their estimated ranking (most helpful first, ties by row), including the first and the last.</summary>
    public static IReadOnlyList<long> Stratified(WindowInfluence influence, int count)
    {
        ArgumentNullException.ThrowIfNull(influence);
        var ranked = Enumerable.Range(0, influence.Scores.Count).Where(j => influence.Occurrences[j] > 0)
            .OrderByDescending(j => influence.Scores[j]).ThenBy(j => j).Select(j => (long)j).ToList();
        int n = Math.Min(count, ranked.Count);
        if (n <= 0) return [];
        if (n == 1) return [ranked[0]];
        return Enumerable.Range(0, n).Select(k => ranked[(int)Math.Round((double)k * (ranked.Count - 1) / (n - 1), MidpointRounding.ToEven)]).Distinct().ToList();
    }

    /// <summary>Retrains without each of <paramref name="samples"/> (one at a time) and pairs the actual changes with the
    /// estimates of <paramref name="influence"/>; null when stopped.</summary>
    public Verification? Verify(WindowInfluence influence, IReadOnlyList<long> samples, StopSignal? stop = null)
    {
        ArgumentNullException.ThrowIfNull(influence);
        ArgumentNullException.ThrowIfNull(samples);
        if (BaseLoss(stop) is not { } baseLoss) return null;
        var actual = new double[samples.Count];
        for (int i = 0; i < samples.Count; i++)
        {
            if (LossWithout([samples[i]], stop) is not { } loss) return null;
            actual[i] = loss - baseLoss;
        }
        return new Verification(samples, samples.Select(j => influence.Scores[(int)j]).ToArray(), actual, baseLoss);
    }

    /// <summary>The run at state <paramref name="step"/>, replayed through <paramref name="replay"/>'s folder.</summary>
    public static TrainingRun? StateAt(SegmentReplay replay, Step step, StopSignal? stop = null)
    {
        ArgumentNullException.ThrowIfNull(replay);
        return replay.StateAt(step, stop);
    }
}
