using System.Globalization;

namespace Stepwise;

/// <summary>
/// Parses the time-string grammar: a non-negative decimal number (optionally with an exponent, <c>2e6</c>)
/// followed by a unit: <c>ep</c>, <c>st</c>/<c>ba</c>, <c>sp</c>, <c>tok</c>, <c>dur</c>, <c>ms</c>, <c>s</c>, <c>m</c>,
/// <c>h</c>, <c>d</c>. A bare number takes the unit of its key. Parsing is exact (decimal digits, no float
/// round-trip: <c>9007199254740993st</c> stays 9007199254740993) and never throws on user input.
/// </summary>
public static class TimeValueParser
{
    /// <summary>The unit suffixes accepted, as shown in messages.</summary>
    public const string AllowedUnits = "ep, st (or ba), sp, tok, dur, ms, s, m, h, d";

    private static readonly (string Suffix, TimeUnit Unit, decimal Scale)[] Suffixes =
    [
        ("tok", TimeUnit.Tokens, 1m), ("dur", TimeUnit.Duration, 1m), ("ep", TimeUnit.Epochs, 1m),
        ("st", TimeUnit.Steps, 1m), ("ba", TimeUnit.Steps, 1m), ("sp", TimeUnit.Samples, 1m),
        ("ms", TimeUnit.Seconds, 0.001m), ("s", TimeUnit.Seconds, 1m), ("m", TimeUnit.Seconds, 60m),
        ("h", TimeUnit.Seconds, 3600m), ("d", TimeUnit.Seconds, 86400m),
    ];

    /// <summary>Parses text that must carry a unit.</summary>
    public static ParseResult<TimeValue> Parse(string? text) => Parse(text, null);

    /// <summary>Parses text; a bare number takes <paramref name="bareUnit"/> (null: a unit is required).</summary>
    public static ParseResult<TimeValue> Parse(string? text, TimeUnit? bareUnit)
    {
        if (string.IsNullOrWhiteSpace(text)) return ParseResult<TimeValue>.Fail("empty; expected a number with a unit such as 3ep, 630st or 7h");
        string s = text.Trim();
        int end = 0;
        while (end < s.Length && (char.IsAsciiDigit(s[end]) || s[end] is '.' or '+' or '-' ||
               ((s[end] is 'e' or 'E') && end + 1 < s.Length && (char.IsAsciiDigit(s[end + 1]) || s[end + 1] is '+' or '-') && end > 0)))
        {
            end++;
        }
        string number = s[..end];
        string suffix = s[end..].Trim().ToLowerInvariant();
        if (number.Length == 0) return ParseResult<TimeValue>.Fail($"'{s}' does not start with a number; expected e.g. 3ep, 630st, 7h");
        if (number.StartsWith('-')) return ParseResult<TimeValue>.Fail($"'{s}' is negative; amounts must be ≥ 0");
        if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent | NumberStyles.AllowLeadingSign,
                CultureInfo.InvariantCulture, out decimal amount))
        {
            return ParseResult<TimeValue>.Fail(IsHuge(number)
                ? $"'{s}' is too large"
                : $"'{number}' is not a number; expected digits with an optional decimal point and exponent");
        }
        TimeUnit unit;
        decimal scale = 1m;
        if (suffix.Length == 0)
        {
            if (bareUnit is null) return ParseResult<TimeValue>.Fail($"'{s}' has no unit; allowed units: {AllowedUnits}");
            unit = bareUnit.Value;
        }
        else
        {
            int match = Array.FindIndex(Suffixes, x => x.Suffix == suffix);
            if (match < 0) return ParseResult<TimeValue>.Fail($"'{s}' has unknown unit '{suffix}'; allowed units: {AllowedUnits}");
            (_, unit, scale) = Suffixes[match];
        }
        try
        {
            amount = checked(amount * scale);
        }
        catch (OverflowException)
        {
            return ParseResult<TimeValue>.Fail($"'{s}' is too large");
        }
        if (unit is TimeUnit.Steps or TimeUnit.Samples or TimeUnit.Tokens)
        {
            // decimal keeps ~28 significant digits, so test the literal itself: 5.000…0001 or 1e-40 would round to whole.
            if (decimal.Truncate(amount) != amount || !IsWholeLiteral(number))
                return ParseResult<TimeValue>.Fail($"'{s}' is fractional; {Name(unit)} must be a whole number");
            if (amount > long.MaxValue) return ParseResult<TimeValue>.Fail($"'{s}' is too large; at most {long.MaxValue}");
        }
        return ParseResult<TimeValue>.Ok(new TimeValue(Normalize(amount), unit));
    }

    /// <summary>The plural name of a unit, for messages ("steps", "epochs").</summary>
    public static string Name(TimeUnit unit) => unit switch
    {
        TimeUnit.Steps => "steps",
        TimeUnit.Epochs => "epochs",
        TimeUnit.Samples => "samples",
        TimeUnit.Tokens => "tokens",
        TimeUnit.Duration => "fractions of the run (dur)",
        TimeUnit.Seconds => "seconds",
        _ => unit.ToString(),
    };

    private static decimal Normalize(decimal value) => decimal.Parse(TimeValue.FormatAmount(value), CultureInfo.InvariantCulture);

    /// <summary>Whether a literal accepted by <see cref="decimal.TryParse(string?, NumberStyles, IFormatProvider?, out decimal)"/>
    /// denotes an integer exactly, however many digits it has (the scale of a unit is a whole number here).</summary>
    private static bool IsWholeLiteral(string number)
    {
        int e = number.IndexOfAny(['e', 'E']);
        string mantissa = (e < 0 ? number : number[..e]).TrimStart('+');
        int point = mantissa.IndexOf('.', StringComparison.Ordinal);
        int fractionDigits = point < 0 ? 0 : mantissa.Length - point - 1;
        string digits = mantissa.Replace(".", "", StringComparison.Ordinal);
        string significant = digits.TrimEnd('0');
        if (significant.TrimStart('0').Length == 0) return true; // zero
        int trailingZeros = digits.Length - significant.Length;
        // The value is significant × 10^(trailingZeros − fractionDigits + exponent): whole iff that power is ≥ 0.
        if (e < 0) return trailingZeros >= fractionDigits;
        if (!long.TryParse(number[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long exponent))
            return !number[(e + 1)..].StartsWith('-');
        return exponent >= fractionDigits - trailingZeros;
    }

    private static bool IsHuge(string number)
    {
        int e = number.IndexOfAny(['e', 'E']);
        string mantissa = e < 0 ? number : number[..e];
        return mantissa.Count(char.IsAsciiDigit) > 28 || (e >= 0 && int.TryParse(number[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int exp) && exp > 28);
    }
}
