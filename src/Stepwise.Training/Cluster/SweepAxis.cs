using System.Globalization;
using Stepwise.Configuration;

namespace Stepwise.Training.Cluster;

/// <summary>
/// One axis of a sweep: a config key and its values in order. <c>--sweep key=v1,v2,...</c> lists the values (commas
/// inside brackets or quotes belong to the value: <c>model.hidden=[32],[64,64]</c>); <c>--array key=A..B</c> is the
/// integers A..B (<c>seeds=0..9</c>; <c>seeds</c> is accepted for <c>seed</c>). Keys are the run config's
/// (<see cref="Setup.RunSchema.Run"/>), canonical or an alias (HF's <c>learning_rate</c>); the values are checked
/// later, with each task's whole config.
/// </summary>
/// <param name="Key">The canonical key path (<c>optimizer.lr</c>).</param>
/// <param name="Values">The values as given, each a YAML scalar or flow value; at least one, no two equal.</param>
public sealed record SweepAxis(string Key, IReadOnlyList<string> Values)
{
    /// <summary>The most values one axis may list (and the most tasks a sweep may have).</summary>
    public const int MaxValues = SweepPlan.MaxTasks;

    /// <summary>Parses <c>--sweep key=v1,v2,...</c> against <paramref name="schema"/>.</summary>
    public static ParseResult<SweepAxis> ParseSweep(string text, ConfigSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var split = SplitKey("--sweep", text, "--sweep optimizer.lr=0.1,0.01");
        if (!split.TryGetValue(out var kv)) return ParseResult<SweepAxis>.Fail(split.Error!);
        var key = CanonicalKey("--sweep", kv.Key, schema);
        if (!key.TryGetValue(out string? canonical)) return ParseResult<SweepAxis>.Fail(key.Error!);
        var values = SplitValues(kv.Value);
        if (!values.TryGetValue(out var list)) return ParseResult<SweepAxis>.Fail($"--sweep {text}: {values.Error}");
        if (list.Count > MaxValues) return ParseResult<SweepAxis>.Fail(string.Create(CultureInfo.InvariantCulture, $"--sweep {kv.Key}: {list.Count} values, more than {MaxValues}"));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string v in list)
            if (!seen.Add(v)) return ParseResult<SweepAxis>.Fail($"--sweep {text}: the value {v} appears twice; each value makes one task");
        return ParseResult<SweepAxis>.Ok(new SweepAxis(canonical, list));
    }

    /// <summary>Parses <c>--array key=A..B</c> (whole numbers, A ≤ B) against <paramref name="schema"/>.</summary>
    public static ParseResult<SweepAxis> ParseArray(string text, ConfigSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var split = SplitKey("--array", text, "--array seeds=0..9");
        if (!split.TryGetValue(out var kv)) return ParseResult<SweepAxis>.Fail(split.Error!);
        var key = CanonicalKey("--array", kv.Key, schema);
        if (!key.TryGetValue(out string? canonical)) return ParseResult<SweepAxis>.Fail(key.Error!);
        string range = kv.Value.Trim();
        int dots = range.IndexOf("..", StringComparison.Ordinal);
        if (dots <= 0 || !long.TryParse(range[..dots], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long a)
            || !long.TryParse(range[(dots + 2)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long b))
            return ParseResult<SweepAxis>.Fail($"--array {text}: expected a range of whole numbers A..B, e.g. --array seeds=0..9");
        if (a > b) return ParseResult<SweepAxis>.Fail(string.Create(CultureInfo.InvariantCulture, $"--array {text}: the range is empty ({a} > {b}); allowed: A..B with A ≤ B, e.g. {kv.Key}={b}..{a}"));
        if (b - a >= MaxValues) return ParseResult<SweepAxis>.Fail(string.Create(CultureInfo.InvariantCulture, $"--array {text}: {(decimal)b - a + 1} tasks, more than {MaxValues}"));
        var values = new List<string>();
        for (long v = a; v <= b; v++) values.Add(v.ToString(CultureInfo.InvariantCulture));
        return ParseResult<SweepAxis>.Ok(new SweepAxis(canonical, values));
    }

    private static ParseResult<KeyValuePair<string, string>> SplitKey(string option, string text, string example)
    {
        int eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0 || eq == text.Length - 1) return ParseResult<KeyValuePair<string, string>>.Fail($"{option} {text}: expected key=values, e.g. {example}");
        return ParseResult<KeyValuePair<string, string>>.Ok(new(text[..eq].Trim(), text[(eq + 1)..]));
    }

    /// <summary>The canonical path of <paramref name="key"/>: a schema key, an alias, or <c>seeds</c> for <c>seed</c>; else
    /// the one-line message with a did-you-mean.</summary>
    public static ParseResult<string> CanonicalKey(string option, string key, ConfigSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (key == "seeds") key = "seed";
        if (schema.Keys.ContainsKey(key)) return ParseResult<string>.Ok(key);
        string last = key[(key.LastIndexOf('.') + 1)..];
        if ((key == last || key == "training." + last) && schema.Aliases.TryGetValue(last, out string? target)) return ParseResult<string>.Ok(target);
        string? near = DidYouMean.Suggest(key, schema.Keys.Keys.Concat(schema.Aliases.Keys));
        return ParseResult<string>.Fail($"{option} {key}: unknown key{(near is null ? "" : $"; did you mean '{near}'?")} (a run config key such as seed, optimizer.lr or batch.size; docs/config.md)");
    }

    /// <summary>Splits at commas outside brackets, braces and quotes; every value non-empty.</summary>
    private static ParseResult<List<string>> SplitValues(string text)
    {
        var values = new List<string>();
        int depth = 0, start = 0;
        char quote = '\0';
        for (int i = 0; i <= text.Length; i++)
        {
            char c = i < text.Length ? text[i] : ',';
            if (quote != '\0')
            {
                if (c == quote && i < text.Length) quote = '\0';
                else if (i == text.Length) return ParseResult<List<string>>.Fail($"an unclosed {quote} quote");
                continue;
            }
            switch (c)
            {
                case '\'' or '"': quote = c; break;
                case '[' or '{': depth++; break;
                case ']' or '}': depth--; break;
                case ',' when depth <= 0:
                    string v = text[start..i].Trim();
                    if (v.Length == 0) return ParseResult<List<string>>.Fail("an empty value; give values separated by single commas, e.g. 0.1,0.01");
                    values.Add(v);
                    start = i + 1;
                    break;
            }
        }
        if (depth != 0) return ParseResult<List<string>>.Fail("unbalanced brackets");
        return ParseResult<List<string>>.Ok(values);
    }
}
