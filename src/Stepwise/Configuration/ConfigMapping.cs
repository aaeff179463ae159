namespace Stepwise.Configuration;

/// <summary>A mapping with its entries in source order. Keys are unique (the edge rejects duplicates).</summary>
public sealed record ConfigMapping(IReadOnlyList<KeyValuePair<string, ConfigNode>> Entries, int Line = 0, int Column = 0) : ConfigNode(Line, Column)
{
    /// <summary>An empty mapping.</summary>
    public static ConfigMapping Empty { get; } = new([]);

    /// <inheritdoc/>
    public override string KindName => "a mapping";

    /// <inheritdoc/>
    public override string Display => "{" + string.Join(", ", Entries.Select(e => e.Key)) + "}";

    /// <summary>The value under <paramref name="key"/>, or null.</summary>
    public ConfigNode? Get(string key)
    {
        foreach (var e in Entries)
        {
            if (e.Key == key) return e.Value;
        }
        return null;
    }

    /// <summary>A copy with <paramref name="key"/> set to <paramref name="value"/> (replaced in place, or appended).</summary>
    public ConfigMapping With(string key, ConfigNode value)
    {
        var entries = Entries.ToList();
        int i = entries.FindIndex(e => e.Key == key);
        if (i >= 0) entries[i] = new(key, value);
        else entries.Add(new(key, value));
        return this with { Entries = entries };
    }
}
