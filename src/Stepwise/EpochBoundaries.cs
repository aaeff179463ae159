namespace Stepwise;

/// <summary>
/// Where the epochs of a run of <see cref="TotalSteps"/> updates end. Epoch e (1-based) ends at state e·U, the last
/// epoch being partial when T is not a multiple of U; or, for a plan given only as T steps over E epochs
/// (seed 004's examples), at floor(e·T/E). Epoch 1 spans states 0..end₁; epoch k spans end₍ₖ₋₁₎+1..endₖ.
/// </summary>
public sealed class EpochBoundaries
{
    private readonly long _updatesPerEpoch; // 0 in proportional mode
    private readonly long _fullEpochs;      // floor(T/U) in uniform mode
    private readonly FastDivisor _byU;      // division by U without a hardware divide

    private EpochBoundaries(Step total, long updatesPerEpoch, long epochCount)
    {
        TotalSteps = total;
        _updatesPerEpoch = updatesPerEpoch;
        EpochCount = epochCount;
        _fullEpochs = updatesPerEpoch == 0 ? 0 : total.Value / updatesPerEpoch;
        _byU = new FastDivisor(Math.Max(1, updatesPerEpoch));
    }

    /// <summary>T, the run's last state.</summary>
    public Step TotalSteps { get; }

    /// <summary>Number of (possibly partial) epochs: ceil(T/U), or E.</summary>
    public long EpochCount { get; }

    /// <summary>True for the floor(e·T/E) form.</summary>
    public bool IsProportional => _updatesPerEpoch == 0;

    /// <summary>Epoch ends at multiples of <paramref name="updatesPerEpoch"/>, capped at T.</summary>
    /// <exception cref="ArgumentOutOfRangeException">U &lt; 1 or T &lt; 1.</exception>
    public static EpochBoundaries Uniform(Step total, long updatesPerEpoch)
    {
        if (updatesPerEpoch < 1) throw new ArgumentOutOfRangeException(nameof(updatesPerEpoch), updatesPerEpoch, "must be ≥ 1");
        if (total.Value < 1) throw new ArgumentOutOfRangeException(nameof(total), total, "a run has at least one update");
        return new EpochBoundaries(total, updatesPerEpoch, EpochGeometry.CeilDiv(total.Value, updatesPerEpoch));
    }

    /// <summary>Epoch ends at floor(e·T/E) for e = 1..E.</summary>
    /// <exception cref="ArgumentOutOfRangeException">E &lt; 1 or E &gt; T.</exception>
    public static EpochBoundaries Proportional(Step total, long epochs)
    {
        if (epochs < 1 || epochs > total.Value)
            throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "need 1 ≤ epochs ≤ total steps");
        return new EpochBoundaries(total, 0, epochs);
    }

    /// <summary>The state at the end of epoch <paramref name="epoch"/> (1..<see cref="EpochCount"/>).</summary>
    public Step End(long epoch)
    {
        if (epoch < 1 || epoch > EpochCount) throw new ArgumentOutOfRangeException(nameof(epoch), epoch, $"epochs are 1..{EpochCount}");
        if (IsProportional) return new Step((long)((Int128)epoch * TotalSteps.Value / EpochCount));
        long end = epoch > _fullEpochs ? TotalSteps.Value : epoch * _updatesPerEpoch;
        return new Step(end);
    }

    /// <summary>The first and last state of epoch <paramref name="epoch"/> in one call (the hot path of per-epoch schedules).</summary>
    public (long Start, long End) Span(long epoch)
    {
        if (IsProportional || epoch < 1 || epoch > EpochCount) return (Start(epoch).Value, End(epoch).Value);
        long end = epoch > _fullEpochs ? TotalSteps.Value : epoch * _updatesPerEpoch;
        return (epoch == 1 ? 0 : (epoch - 1) * _updatesPerEpoch + 1, end);
    }

    /// <summary>Whether state <paramref name="step"/> ends an epoch (state 0 never does).</summary>
    public bool IsEnd(Step step)
    {
        long s = step.Value;
        if (s <= 0 || s > TotalSteps.Value) return false;
        if (!IsProportional) return s == TotalSteps.Value || s % _updatesPerEpoch == 0;
        return End(EpochOf(step)).Value == s;
    }

    /// <summary>The first state of epoch <paramref name="epoch"/>: 0 for epoch 1, else the previous end + 1.</summary>
    public Step Start(long epoch) => epoch == 1 ? Step.Zero : new Step(End(epoch - 1).Value + 1);

    /// <summary>The epoch whose span holds state <paramref name="step"/> (state 0 is in epoch 1).</summary>
    public long EpochOf(Step step)
    {
        long s = step.Value;
        if (s > TotalSteps.Value) throw new ArgumentOutOfRangeException(nameof(step), step, $"the run ends at step {TotalSteps}");
        if (s == 0) return 1;
        if (!IsProportional) return _byU.Divide(s - 1) + 1;
        Int128 num = (Int128)s * EpochCount;
        return (long)((num + TotalSteps.Value - 1) / TotalSteps.Value);
    }

    /// <summary>Enumerates the epoch ends in order (lazily).</summary>
    public IEnumerable<Step> Ends()
    {
        for (long e = 1; e <= EpochCount; e++) yield return End(e);
    }
}
