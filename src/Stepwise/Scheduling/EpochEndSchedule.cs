using System.Globalization;

namespace Stepwise.Scheduling;

/// <summary>The ends of epochs k, 2k, 3k, … (k = 1: every epoch end, including a partial last epoch's end T).</summary>
public sealed class EpochEndSchedule : Schedule
{
    private readonly EpochBoundaries _epochs;

    /// <summary>Creates the schedule over <paramref name="epochs"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">everyEpochs &lt; 1.</exception>
    public EpochEndSchedule(EpochBoundaries epochs, long everyEpochs = 1) : base(epochs.TotalSteps)
    {
        if (everyEpochs < 1) throw new ArgumentOutOfRangeException(nameof(everyEpochs), everyEpochs, "must be ≥ 1");
        _epochs = epochs;
        EveryEpochs = everyEpochs;
    }

    /// <summary>k.</summary>
    public long EveryEpochs { get; }

    /// <inheritdoc/>
    public override string Description => EveryEpochs == 1
        ? "at every epoch end"
        : string.Create(CultureInfo.InvariantCulture, $"at the end of every {EveryEpochs} epochs");

    /// <inheritdoc/>
    public override long Count() => _epochs.EpochCount / EveryEpochs;

    /// <inheritdoc/>
    protected override bool ContainsCore(long step)
    {
        if (step == 0) return false;
        if (EveryEpochs == 1) return _epochs.IsEnd(new Step(step));
        long e = _epochs.EpochOf(new Step(step));
        return e % EveryEpochs == 0 && _epochs.End(e).Value == step;
    }

    /// <inheritdoc/>
    protected override long NextCore(long step)
    {
        long e = _epochs.EpochOf(new Step(step + 1));
        long k = EveryEpochs;
        long target = e % k == 0 ? e : (e / k + 1) * k;
        return target > _epochs.EpochCount ? -1 : _epochs.End(target).Value;
    }
}
