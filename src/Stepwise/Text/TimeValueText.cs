using System.Globalization;

namespace Stepwise;

/// <summary>
/// Time values and counts as people read them in notes and reports: the amount with thousands separators and the unit
/// in words (<c>3,000,000 steps</c>, <c>2.5 epochs</c>, <c>1 step</c>, <c>25,200 s</c>). Exact: the amount is the
/// decimal as parsed, never rounded. <see cref="TimeValue.ToString"/> stays the grammar form (<c>3000000st</c>) for
/// JSON and round-trips.
/// </summary>
public static class TimeValueText
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The value in words: <c>3,000,000 steps</c>, <c>1 epoch</c>, <c>0.5 of the run</c>, <c>90 s</c>.</summary>
    public static string Describe(TimeValue value)
    {
        string amount = Amount(value.Amount);
        bool one = value.Amount == 1m;
        return value.Unit switch
        {
            TimeUnit.Steps => amount + (one ? " step" : " steps"),
            TimeUnit.Epochs => amount + (one ? " epoch" : " epochs"),
            TimeUnit.Samples => amount + (one ? " sample" : " samples"),
            TimeUnit.Tokens => amount + (one ? " token" : " tokens"),
            TimeUnit.Duration => amount + " of the run",
            TimeUnit.Seconds => amount + " s",
            _ => value.ToString(),
        };
    }

    /// <summary>A count in words: <c>Count(2000, "step")</c> is <c>2,000 steps</c>, <c>Count(1, "step")</c> is <c>1 step</c>.</summary>
    public static string Count(long count, string singular) =>
        Amount(count) + " " + (count == 1 ? singular : singular + "s");

    /// <summary>An exact decimal with thousands separators and no trailing zeros: <c>3,000,000</c>, <c>1,234.5</c>, <c>0.25</c>.</summary>
    public static string Amount(decimal amount)
    {
        string plain = TimeValue.FormatAmount(amount);
        int point = plain.IndexOf('.', StringComparison.Ordinal);
        string whole = point < 0 ? plain : plain[..point];
        string fraction = point < 0 ? "" : plain[point..];
        bool negative = whole.StartsWith('-');
        string digits = negative ? whole[1..] : whole;
        var grouped = new System.Text.StringBuilder();
        for (int i = 0; i < digits.Length; i++)
        {
            if (i > 0 && (digits.Length - i) % 3 == 0) grouped.Append(',');
            grouped.Append(digits[i]);
        }
        return (negative ? "-" : "") + grouped + fraction;
    }

    /// <summary>
    /// A coverage ratio (samples per epoch / unique samples): a percentage with one decimal up to 1,000 %
    /// (<c>47.1 %</c>, halves away from zero, as the <c>P1</c> format), a multiple past it (<c>× 12.5</c> below 100, then
    /// whole: <c>× 471,163</c>; halves to even).
    /// </summary>
    public static string Coverage(decimal ratio)
    {
        if (ratio <= 10m) return Math.Round(ratio * 100m, 1, MidpointRounding.AwayFromZero).ToString("0.0", Inv) + " %";
        return ratio < 100m
            ? "× " + Math.Round(ratio, 1, MidpointRounding.ToEven).ToString("0.0", Inv)
            : "× " + Amount(Math.Round(ratio, 0, MidpointRounding.ToEven));
    }

    /// <summary><see cref="Coverage(decimal)"/> for a ratio computed in double (e.g. from measured step times).</summary>
    public static string Coverage(double ratio) =>
        double.IsFinite(ratio) && Math.Abs(ratio) < 7.9e27 ? Coverage((decimal)ratio) : ratio.ToString("R", Inv);
}
