using System.Globalization;
using System.Numerics;

namespace Stepwise.Scheduling;

/// <summary>
/// Pythia-style: step 0 and the powers of two below <see cref="Every"/>, then every multiple of <see cref="Every"/>.
/// Pythia (N = 1,000 over 143,000 steps): 0, 1, 2, 4, …, 512, 1,000, 2,000, …, 143,000 = 154 steps.
/// </summary>
public sealed class LogSpacedSchedule : Schedule
{
    /// <summary>Creates the schedule.</summary>
    /// <exception cref="ArgumentOutOfRangeException">every &lt; 1.</exception>
    public LogSpacedSchedule(long every, Step last) : base(last)
    {
        if (every < 1) throw new ArgumentOutOfRangeException(nameof(every), every, "must be ≥ 1");
        Every = every;
    }

    /// <summary>N: the linear interval, and the bound below which powers of two are taken.</summary>
    public long Every { get; }

    /// <inheritdoc/>
    public override string Description => string.Create(CultureInfo.InvariantCulture, $"0 and powers of two below {Every}, then every {Every}");

    /// <inheritdoc/>
    /// <remarks>Step 0, the powers of two 1, 2, 4, … ≤ min(N − 1, T), and the multiples N, 2N, … ≤ T.</remarks>
    public override long Count()
    {
        long below = Math.Min(Every - 1, Last.Value);
        long powers = below >= 1 ? BitOperations.Log2((ulong)below) + 1 : 0;
        return 1 + powers + Last.Value / Every;
    }

    /// <inheritdoc/>
    protected override bool ContainsCore(long step) =>
        step == 0 || (step < Every && BitOperations.IsPow2(step)) || step % Every == 0;

    /// <inheritdoc/>
    protected override long NextCore(long step)
    {
        long multiple = NextMultiple(step, Every);
        if (step + 1 >= Every) return multiple;
        long pow = step == 0 ? 1 : (long)BitOperations.RoundUpToPowerOf2((ulong)step + 1);
        return pow < Every ? pow : multiple;
    }
}
