using System.Globalization;

namespace Stepwise.Scheduling;

/// <summary>
/// Every <see cref="DenseEvery"/> up to and including <see cref="DenseUntil"/>, then the multiples of
/// <see cref="Every"/> greater than <see cref="DenseUntil"/> (seed 001: 5,000 until 30,000, then 50,000 → 6 + 60 = 66
/// checkpoints over 3,000,000 steps).
/// </summary>
public sealed class DenseThenSparseSchedule : Schedule
{
    /// <summary>Creates the schedule.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An interval is &lt; 1 or denseUntil &lt; 0.</exception>
    public DenseThenSparseSchedule(long denseEvery, long denseUntil, long every, Step last) : base(last)
    {
        if (denseEvery < 1) throw new ArgumentOutOfRangeException(nameof(denseEvery), denseEvery, "must be ≥ 1");
        if (every < 1) throw new ArgumentOutOfRangeException(nameof(every), every, "must be ≥ 1");
        if (denseUntil < 0) throw new ArgumentOutOfRangeException(nameof(denseUntil), denseUntil, "must be ≥ 0");
        DenseEvery = denseEvery;
        DenseUntil = denseUntil;
        Every = every;
    }

    /// <summary>The interval of the dense phase, in updates.</summary>
    public long DenseEvery { get; }

    /// <summary>The last step of the dense phase (inclusive).</summary>
    public long DenseUntil { get; }

    /// <summary>The interval after the dense phase, in updates.</summary>
    public long Every { get; }

    /// <inheritdoc/>
    public override string Description => string.Create(CultureInfo.InvariantCulture,
        $"every {DenseEvery} until {DenseUntil}, then every {Every}");

    /// <inheritdoc/>
    public override long Count()
    {
        long dense = Math.Min(DenseUntil, Last.Value) / DenseEvery;
        long sparse = Last.Value / Every - Math.Min(DenseUntil, Last.Value) / Every;
        return dense + sparse;
    }

    /// <inheritdoc/>
    protected override bool ContainsCore(long step) =>
        step != 0 && (step <= DenseUntil ? step % DenseEvery == 0 : step % Every == 0);

    /// <inheritdoc/>
    protected override long NextCore(long step)
    {
        if (step < DenseUntil)
        {
            long dense = NextMultiple(step, DenseEvery);
            if (dense >= 0 && dense <= DenseUntil) return dense;
        }
        return NextMultiple(Math.Max(step, DenseUntil), Every);
    }
}
