using System.Globalization;

namespace Stepwise;

/// <summary>
/// Wall-clock lengths as people write time limits: the time-string grammar's clock units (<c>600s</c>, <c>90m</c>,
/// <c>2h</c>, <c>1.5d</c>) or Slurm's forms <c>MM:SS</c>, <c>HH:MM:SS</c>, <c>D-HH</c>, <c>D-HH:MM</c> and
/// <c>D-HH:MM:SS</c> (as <c>sbatch --time</c> reads them). In Slurm's forms every field is one or more ASCII digits;
/// the leading field is unbounded (<c>90:00</c> is 90 minutes, <c>48:00:00</c> two days), the others are bounded
/// (hours after a day 0..23, minutes and seconds after another field 0..59), so <c>99:99</c> is refused rather than
/// read as 100:39. Values are exact (whole seconds for Slurm's forms, decimal seconds otherwise; nothing passes through
/// <see cref="double"/>), and parsing never throws on user input.
/// </summary>
public static class WallClock
{
    /// <summary>Slurm's forms, as shown in messages.</summary>
    public const string SlurmForms = "MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS";

    /// <summary>The largest length accepted: 100 years, far past any scheduler's limit (and inside <see cref="long"/>).</summary>
    public const long MaxSeconds = 100L * 366 * 86400;

    /// <summary>Parses a wall-clock length in seconds. A bare number is seconds (the grammar's rule for clock keys:
    /// <c>--time-limit 600</c>). The result's unit is <see cref="TimeUnit.Seconds"/>; it may be zero.</summary>
    public static ParseResult<TimeValue> Parse(string? text) => Parse(text, bareMinutes: false);

    /// <summary>Parses a job time limit as <c>sbatch --time</c> does: a bare number is minutes (<c>240</c> = 4 h);
    /// otherwise as <see cref="Parse(string?)"/>. The result's unit is <see cref="TimeUnit.Seconds"/>.</summary>
    public static ParseResult<TimeValue> ParseJobTime(string? text) => Parse(text, bareMinutes: true);

    /// <summary>Whole seconds in Slurm's form: <c>HH:MM:SS</c> under a day (at least two hour digits, <c>04:00:00</c>),
    /// <c>D-HH:MM:SS</c> from a day on (<c>2-00:00:00</c>). <see cref="ParseJobTime"/> reads it back to the same value.</summary>
    /// <param name="seconds">0 ≤ seconds ≤ <see cref="MaxSeconds"/>.</param>
    public static string FormatSlurm(long seconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seconds);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(seconds, MaxSeconds);
        long days = seconds / 86400, rest = seconds % 86400;
        long h = rest / 3600, m = rest % 3600 / 60, s = rest % 60;
        return days > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{days}-{h:00}:{m:00}:{s:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{h:00}:{m:00}:{s:00}");
    }

    /// <summary>Seconds in words for notes and script comments: <c>45 s</c>, <c>1 min 30 s</c>, <c>4 h</c>,
    /// <c>2 d 3 h 5 min</c> (whole seconds; zero parts left out).</summary>
    public static string Describe(long seconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seconds);
        if (seconds == 0) return "0 s";
        long d = seconds / 86400, h = seconds % 86400 / 3600, m = seconds % 3600 / 60, s = seconds % 60;
        var parts = new List<string>(4);
        if (d > 0) parts.Add(d.ToString(CultureInfo.InvariantCulture) + " d");
        if (h > 0) parts.Add(h.ToString(CultureInfo.InvariantCulture) + " h");
        if (m > 0) parts.Add(m.ToString(CultureInfo.InvariantCulture) + " min");
        if (s > 0) parts.Add(s.ToString(CultureInfo.InvariantCulture) + " s");
        return string.Join(' ', parts);
    }

    private static ParseResult<TimeValue> Parse(string? text, bool bareMinutes)
    {
        if (string.IsNullOrWhiteSpace(text)) return ParseResult<TimeValue>.Fail($"empty; expected a wall-clock time such as 2h, 90m, 600s or {SlurmForms}");
        string s = text.Trim();
        if (IsSlurmForm(s)) return ParseSlurm(s);
        if (bareMinutes && s.All(char.IsAsciiDigit))
        {
            var minutes = ParseField(s, "minutes", s);
            return minutes.Then(m => Seconds(s, m, 60));
        }
        var parsed = TimeValueParser.Parse(s, TimeUnit.Seconds);
        if (!parsed.TryGetValue(out TimeValue value)) return parsed;
        if (value.Unit != TimeUnit.Seconds)
            return ParseResult<TimeValue>.Fail($"'{s}' is {TimeValueParser.Name(value.Unit)}, not a wall-clock time; use s, m, h or d, or {SlurmForms}");
        if (value.Amount > MaxSeconds) return ParseResult<TimeValue>.Fail($"'{s}' is too large; at most {MaxSeconds} s (100 years)");
        return parsed;
    }

    /// <summary>A colon anywhere, or a dash after a leading digit (<c>2-00</c>): Slurm's forms. A leading dash is the
    /// grammar's (a negative amount, refused there).</summary>
    private static bool IsSlurmForm(string s) =>
        s.Contains(':', StringComparison.Ordinal) || (s.Length > 1 && char.IsAsciiDigit(s[0]) && s.IndexOf('-', 1) > 0 && !s.Contains('e', StringComparison.OrdinalIgnoreCase));

    private static ParseResult<TimeValue> ParseSlurm(string s)
    {
        long days = 0;
        string clock = s;
        int dash = s.IndexOf('-', StringComparison.Ordinal);
        if (dash >= 0)
        {
            var d = ParseField(s[..dash], "days", s);
            if (!d.TryGetValue(out days)) return ParseResult<TimeValue>.Fail(d.Error!);
            clock = s[(dash + 1)..];
        }
        string[] fields = clock.Split(':');
        if (fields.Length > 3 || (dash < 0 && fields.Length < 2))
            return ParseResult<TimeValue>.Fail($"'{s}' is not a wall-clock time; allowed: {SlurmForms}, or 2h, 90m, 600s");
        var values = new long[fields.Length];
        // Without days: MM:SS or HH:MM:SS, the leading field unbounded. With days: HH, HH:MM or HH:MM:SS, hours 0..23.
        string[] names = dash >= 0 ? ["hours", "minutes", "seconds"] : fields.Length == 2 ? ["minutes", "seconds"] : ["hours", "minutes", "seconds"];
        for (int i = 0; i < fields.Length; i++)
        {
            var f = ParseField(fields[i], names[i], s);
            if (!f.TryGetValue(out values[i])) return ParseResult<TimeValue>.Fail(f.Error!);
            long max = names[i] == "hours" ? 23 : 59;
            bool bounded = dash >= 0 || i > 0;
            if (bounded && values[i] > max)
                return ParseResult<TimeValue>.Fail($"'{s}': {names[i]} {fields[i]} out of range 0..{max} ({Form(dash >= 0, fields.Length)})");
        }
        long total;
        try
        {
            checked
            {
                total = days * 86400;
                for (int i = 0; i < fields.Length; i++)
                {
                    long unit = names[i] switch { "hours" => 3600, "minutes" => 60, _ => 1 };
                    total += values[i] * unit;
                }
            }
        }
        catch (OverflowException)
        {
            return ParseResult<TimeValue>.Fail($"'{s}' is too large; at most {MaxSeconds} s (100 years)");
        }
        return Seconds(s, total, 1);
    }

    private static string Form(bool days, int fields) => days
        ? fields switch { 1 => "D-HH", 2 => "D-HH:MM", _ => "D-HH:MM:SS" }
        : fields == 2 ? "MM:SS" : "HH:MM:SS";

    private static ParseResult<long> ParseField(string field, string name, string whole)
    {
        if (field.Length == 0 || !field.All(char.IsAsciiDigit))
            return ParseResult<long>.Fail($"'{whole}': {name} '{field}' is not a whole number of ASCII digits; allowed: {SlurmForms}, or 2h, 90m, 600s");
        string digits = field.TrimStart('0');
        if (digits.Length > 12) return ParseResult<long>.Fail($"'{whole}' is too large; at most {MaxSeconds} s (100 years)");
        return ParseResult<long>.Ok(digits.Length == 0 ? 0 : long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture));
    }

    private static ParseResult<TimeValue> Seconds(string s, long amount, long scale)
    {
        if (amount > MaxSeconds / scale) return ParseResult<TimeValue>.Fail($"'{s}' is too large; at most {MaxSeconds} s (100 years)");
        return ParseResult<TimeValue>.Ok(new TimeValue(amount * scale, TimeUnit.Seconds));
    }
}
