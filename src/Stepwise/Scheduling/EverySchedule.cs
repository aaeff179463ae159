using System.Globalization;

namespace Stepwise.Scheduling;

/// <summary>N, 2N, 3N, … ≤ T. Step 0 is never implied.</summary>
public sealed class EverySchedule : Schedule
{
    /// <summary>Every <paramref name="interval"/> updates up to <paramref name="last"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">interval &lt; 1.</exception>
    public EverySchedule(long interval, Step last) : base(last)
    {
        if (interval < 1) throw new ArgumentOutOfRangeException(nameof(interval), interval, "must be ≥ 1");
        Interval = interval;
    }

    /// <summary>N, in updates.</summary>
    public long Interval { get; }

    /// <inheritdoc/>
    public override string Description => string.Create(CultureInfo.InvariantCulture, $"every {Interval}");

    /// <inheritdoc/>
    public override long Count() => Last.Value / Interval;

    /// <inheritdoc/>
    protected override bool ContainsCore(long step) => step != 0 && step % Interval == 0;

    /// <inheritdoc/>
    protected override long NextCore(long step) => NextMultiple(step, Interval);
}
