namespace Stepwise.Configuration;

/// <summary>The typed values of a bound configuration, by canonical path; absent keys are not present.</summary>
public sealed class ConfigValues
{
    private readonly Dictionary<string, ConfigValue> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _given = new(StringComparer.Ordinal);

    /// <summary>The paths that were given.</summary>
    public IEnumerable<string> Paths => _values.Keys;

    /// <summary>Sets a value (the binder rejects duplicates before calling this).</summary>
    public void Set(string path, ConfigValue value) => _values[path] = value;

    /// <summary>Records that the user wrote <paramref name="path"/> (valid or not).</summary>
    public void MarkGiven(string path) => _given.Add(path);

    /// <summary>Whether the user wrote <paramref name="path"/> with a non-null value, even an invalid one.</summary>
    public bool IsGiven(string path) => _given.Contains(path);

    /// <summary>Whether <paramref name="path"/> was given and valid.</summary>
    public bool Has(string path) => _values.ContainsKey(path);

    /// <summary>The raw entry, or null.</summary>
    public ConfigValue? Entry(string path) => _values.GetValueOrDefault(path);

    /// <summary>The key as written (alias or canonical), or the canonical path when absent.</summary>
    public string Key(string path) => _values.TryGetValue(path, out var v) ? v.WrittenKey : path;

    /// <summary>The text as written, or null.</summary>
    public string? Text(string path) => _values.TryGetValue(path, out var v) ? v.Text : null;

    /// <summary>A whole-number value, or null.</summary>
    public long? Count(string path) => _values.TryGetValue(path, out var v) ? (long)v.Value : null;

    /// <summary>A time value, or null.</summary>
    public TimeValue? Time(string path) => _values.TryGetValue(path, out var v) ? (TimeValue)v.Value : null;

    /// <summary>A list of time values; empty when absent.</summary>
    public IReadOnlyList<TimeValue> TimeList(string path) => _values.TryGetValue(path, out var v) ? (IReadOnlyList<TimeValue>)v.Value : [];

    /// <summary>A boolean, or <paramref name="fallback"/>.</summary>
    public bool Bool(string path, bool fallback) => _values.TryGetValue(path, out var v) ? (bool)v.Value : fallback;

    /// <summary>A real value, or null.</summary>
    public decimal? Real(string path) => _values.TryGetValue(path, out var v) ? (decimal)v.Value : null;

    /// <summary>A choice or text value, or null.</summary>
    public string? Word(string path) => _values.TryGetValue(path, out var v) ? (string)v.Value : null;

    /// <summary>A list of whole numbers, or null when absent.</summary>
    public IReadOnlyList<long>? CountList(string path) => _values.TryGetValue(path, out var v) ? (IReadOnlyList<long>)v.Value : null;

    /// <summary>A list of real numbers, or null when absent.</summary>
    public IReadOnlyList<decimal>? RealList(string path) => _values.TryGetValue(path, out var v) ? (IReadOnlyList<decimal>)v.Value : null;

    /// <summary>A name → real mapping in source order, or null when absent.</summary>
    public IReadOnlyList<KeyValuePair<string, decimal>>? RealMap(string path) => _values.TryGetValue(path, out var v) ? (IReadOnlyList<KeyValuePair<string, decimal>>)v.Value : null;

    /// <summary>A split name → source mapping in source order, or null when absent.</summary>
    public IReadOnlyList<KeyValuePair<string, SplitSource>>? SplitMap(string path) => _values.TryGetValue(path, out var v) ? (IReadOnlyList<KeyValuePair<string, SplitSource>>)v.Value : null;

    /// <summary>A list of words, or null when absent.</summary>
    public IReadOnlyList<string>? TextList(string path) => _values.TryGetValue(path, out var v) ? (IReadOnlyList<string>)v.Value : null;
}
