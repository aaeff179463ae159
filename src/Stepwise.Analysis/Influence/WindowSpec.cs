using System.Globalization;

namespace Stepwise.Analysis.Influence;

/// <summary>Parses windows of updates written <c>A:B</c> (inclusive update indices), one or a comma-separated list,
/// as <c>--window</c> and <c>--windows</c> take them. The range against a run's T is checked by
/// the analysis that opens the run.</summary>
public static class WindowSpec
{
    /// <summary>Parses <c>A:B</c>.</summary>
    /// <param name="option">The option's name, for messages (<c>--window</c>).</param>
    /// <param name="text">The value as written.</param>
    public static ParseResult<StepWindow> Parse(string option, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim();
        int colon = t.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0) return Fail(option, text, "not a window");
        if (!long.TryParse(t[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out long a)
            || !long.TryParse(t[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out long b))
            return Fail(option, text, "the bounds must be whole numbers ≥ 0");
        if (b < a) return Fail(option, text, $"the window ends ({b}) before it starts ({a})");
        return ParseResult<StepWindow>.Ok(new StepWindow(a, b));
    }

    /// <summary>Parses <c>A:B,C:D,…</c> (at least one window).</summary>
    public static ParseResult<IReadOnlyList<StepWindow>> ParseList(string option, string text)
    {
        var list = new List<StepWindow>();
        ArgumentNullException.ThrowIfNull(text);
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var one = Parse(option, part);
            if (!one.TryGetValue(out var w)) return ParseResult<IReadOnlyList<StepWindow>>.Fail(one.Error!);
            list.Add(w);
        }
        return ParseResult<IReadOnlyList<StepWindow>>.Ok(list);
    }

    private static ParseResult<StepWindow> Fail(string option, string text, string why) =>
        ParseResult<StepWindow>.Fail($"{option} = {text}: {why}; allowed: A:B, the updates A..B inclusive (0 ≤ A ≤ B ≤ T − 1), e.g. {option} 0:125");
}
