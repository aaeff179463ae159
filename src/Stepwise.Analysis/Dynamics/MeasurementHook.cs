using Stepwise.Training.Loop;

namespace Stepwise.Analysis.Dynamics;

/// <summary>
/// The trainer's hook that measures the model at the scheduled steps: right after the update that reaches the end of
/// a scheduled epoch (before the trainer's checkpoint of that step), it measures the parameters, writes
/// dynamics/epoch_E.json (and hidden/epoch_E.safetensors) and calls <c>measured</c> with the measurement and its wall
/// time in seconds. On its first update it removes the
/// records of scheduled epochs after the state the run (re)started from, which a resume measures again.
/// </summary>
public sealed class MeasurementHook : IUpdateHook
{
    private readonly string _dir;
    private readonly EpochMeasurer _measurer;
    private readonly IReadOnlyList<(long Epoch, long Step)> _schedule;
    private readonly Dictionary<long, long> _epochAt;
    private readonly string _key;
    private readonly bool _saveHidden;
    private readonly Action<EpochMeasurement, double> _measured;
    private bool _started;

    /// <summary>A hook measuring at <paramref name="schedule"/>'s steps into <paramref name="runDirectory"/>.</summary>
    public MeasurementHook(string runDirectory, EpochMeasurer measurer, IReadOnlyList<(long Epoch, long Step)> schedule, string key, bool saveHidden,
        Action<EpochMeasurement, double> measured)
    {
        _dir = runDirectory;
        _measurer = measurer;
        _schedule = schedule;
        _epochAt = schedule.ToDictionary(s => s.Step, s => s.Epoch);
        _key = key;
        _saveHidden = saveHidden;
        _measured = measured;
    }

    /// <inheritdoc/>
    public void AfterUpdate(in UpdateRecord update)
    {
        if (!_started)
        {
            _started = true;
            long from = update.Update.Value;
            EpochRecordFile.RemoveAfter(_dir, _schedule, from);
            foreach (var (epoch, step) in _schedule) if (step > from && File.Exists(HiddenStatesFile.PathOf(_dir, epoch))) File.Delete(HiddenStatesFile.PathOf(_dir, epoch));
        }
        if (!_epochAt.TryGetValue(update.After.Value, out long e)) return;
        string stamp = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        Action<LayerStates>? hidden = _saveHidden ? states => HiddenStatesFile.Write(_dir, e, states) : null;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var m = _measurer.Measure(update.Parameters, e, update.After.Value, stamp, hidden);
        EpochRecordFile.Write(_dir, m, _key);
        _measured(m, clock.Elapsed.TotalSeconds);
    }
}
