using System.Globalization;

namespace Stepwise;

/// <summary>
/// A point in training: the model state after <see cref="Value"/> optimizer updates.
/// Step 0 is the initial model; update t (0-based) takes state t to state t+1, so a run of T updates has
/// states 0..T. Checkpoints and evaluations happen <em>on</em> a step. Lengths are <see cref="StepCount"/>.
/// </summary>
/// <remarks>Range: 0..<see cref="long.MaxValue"/>. Arithmetic is checked: overflow throws.</remarks>
public readonly record struct Step : IComparable<Step>
{
    /// <summary>Creates the state after <paramref name="value"/> updates.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative.</exception>
    public Step(long value)
    {
        if (value < 0) throw new ArgumentOutOfRangeException(nameof(value), value, "A step is the state after N ≥ 0 updates.");
        Value = value;
    }

    /// <summary>The number of completed optimizer updates (≥ 0).</summary>
    public long Value { get; }

    /// <summary>The initial model, before any update.</summary>
    public static Step Zero => default;

    /// <summary>The state <paramref name="length"/> updates after <paramref name="step"/>.</summary>
    public static Step operator +(Step step, StepCount length) => new(checked(step.Value + length.Value));

    /// <summary>The number of updates between two states; <paramref name="later"/> must not precede <paramref name="earlier"/>.</summary>
    public static StepCount operator -(Step later, Step earlier) => new(checked(later.Value - earlier.Value));

    /// <inheritdoc cref="op_Addition(Step, StepCount)"/>
    public Step Plus(StepCount length) => this + length;

    /// <inheritdoc/>
    public int CompareTo(Step other) => Value.CompareTo(other.Value);

    /// <summary>Orders steps by their update count.</summary>
    public static bool operator <(Step a, Step b) => a.Value < b.Value;
    /// <summary>Orders steps by their update count.</summary>
    public static bool operator >(Step a, Step b) => a.Value > b.Value;
    /// <summary>Orders steps by their update count.</summary>
    public static bool operator <=(Step a, Step b) => a.Value <= b.Value;
    /// <summary>Orders steps by their update count.</summary>
    public static bool operator >=(Step a, Step b) => a.Value >= b.Value;

    /// <summary>The update count in invariant digits, e.g. <c>630</c>; this is the N of <c>checkpoint_step_N</c>.</summary>
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
