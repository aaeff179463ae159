using System.Globalization;

namespace Stepwise;

/// <summary>A length measured in optimizer updates (≥ 0). Points are <see cref="Step"/>; the two do not mix implicitly.</summary>
public readonly record struct StepCount : IComparable<StepCount>
{
    /// <summary>Creates a length of <paramref name="value"/> updates.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative.</exception>
    public StepCount(long value)
    {
        if (value < 0) throw new ArgumentOutOfRangeException(nameof(value), value, "A number of updates must be ≥ 0.");
        Value = value;
    }

    /// <summary>The number of updates (≥ 0).</summary>
    public long Value { get; }

    /// <summary>The sum of two lengths (checked).</summary>
    public static StepCount operator +(StepCount a, StepCount b) => new(checked(a.Value + b.Value));

    /// <inheritdoc/>
    public int CompareTo(StepCount other) => Value.CompareTo(other.Value);

    /// <summary>The count followed by the unit suffix, e.g. <c>630st</c> (the time-string grammar).</summary>
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture) + "st";
}
