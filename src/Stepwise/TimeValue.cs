using System.Globalization;

namespace Stepwise;

/// <summary>
/// An exact amount in one <see cref="TimeUnit"/>, e.g. 3 epochs or 630 steps: a static quantity, not a position.
/// Amounts are <see cref="decimal"/> so that integers up to 7.9e28 and decimal fractions (<c>0.5dur</c>, <c>2.5ep</c>)
/// are exact; nothing passes through <see cref="double"/>. Wall-clock units are normalized to seconds.
/// </summary>
public readonly record struct TimeValue(decimal Amount, TimeUnit Unit)
{
    /// <summary>A whole number of steps.</summary>
    public static TimeValue Steps(long steps) => new(steps, TimeUnit.Steps);

    /// <summary>A (possibly fractional) number of epochs.</summary>
    public static TimeValue Epochs(decimal epochs) => new(epochs, TimeUnit.Epochs);

    /// <summary>True when the amount has no fractional part.</summary>
    public bool IsWhole => decimal.Truncate(Amount) == Amount;

    /// <summary>Formats back into the grammar so that <see cref="TimeValueParser.Parse(string?)"/> returns an equal value: <c>630st</c>, <c>2.5ep</c>, <c>25200s</c>.</summary>
    public override string ToString() => FormatAmount(Amount) + Suffix(Unit);

    /// <summary>The canonical suffix of a unit.</summary>
    public static string Suffix(TimeUnit unit) => unit switch
    {
        TimeUnit.Steps => "st",
        TimeUnit.Epochs => "ep",
        TimeUnit.Samples => "sp",
        TimeUnit.Tokens => "tok",
        TimeUnit.Duration => "dur",
        TimeUnit.Seconds => "s",
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, null),
    };

    /// <summary>The amount without trailing zeros, invariant culture (<c>10</c>, <c>0.5</c>).</summary>
    public static string FormatAmount(decimal amount)
    {
        string text = amount.ToString(CultureInfo.InvariantCulture);
        if (text.Contains('.', StringComparison.Ordinal)) text = text.TrimEnd('0').TrimEnd('.');
        return text;
    }
}
