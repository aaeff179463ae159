namespace Stepwise.Configuration;

/// <summary>Applies <c>--set key.path=value</c> overrides to a configuration tree before binding.</summary>
public static class ConfigOverrides
{
    /// <summary>
    /// Sets the node at the dotted <paramref name="path"/>, creating mappings on the way. With a
    /// <paramref name="schema"/>, entries that name the same key under another spelling (an alias such as
    /// <c>training.first_epoch_checkpoints</c> for <c>checkpoints.first_epoch</c>) are removed first, so the override wins.
    /// </summary>
    /// <returns>The new root, or a message when the path runs through a non-mapping.</returns>
    public static ParseResult<ConfigNode> Apply(ConfigNode root, string path, ConfigNode value, ConfigSchema? schema = null)
    {
        if (schema is not null && root is ConfigMapping m0 && Canonical(schema, path) is { } target)
        {
            root = RemoveSpellings(m0, schema, target, path);
        }
        return ApplyExact(root, path, value);
    }

    private static string? Canonical(ConfigSchema schema, string path)
    {
        if (schema.Keys.ContainsKey(path)) return path;
        string last = path[(path.LastIndexOf('.') + 1)..];
        return schema.Aliases.TryGetValue(last, out string? t) ? t : null;
    }

    private static ConfigMapping RemoveSpellings(ConfigMapping root, ConfigSchema schema, string target, string keep)
    {
        var entries = new List<KeyValuePair<string, ConfigNode>>();
        foreach (var (key, node) in root.Entries)
        {
            if (key != keep && Canonical(schema, key) == target) continue;
            if (node is ConfigMapping section)
            {
                var inner = section.Entries.Where(e => key + "." + e.Key == keep || Canonical(schema, key + "." + e.Key) != target).ToList();
                entries.Add(new(key, section with { Entries = inner }));
            }
            else
            {
                entries.Add(new(key, node));
            }
        }
        return root with { Entries = entries };
    }

    private static ParseResult<ConfigNode> ApplyExact(ConfigNode root, string path, ConfigNode value)
    {
        string[] parts = path.Split('.');
        if (parts.Any(p => p.Length == 0)) return ParseResult<ConfigNode>.Fail($"--set {path}: a key path is names separated by dots, e.g. checkpoints.every=500");
        var mapping = root switch
        {
            ConfigMapping m => m,
            ConfigScalar { IsNull: true } => ConfigMapping.Empty,
            _ => null,
        };
        if (mapping is null) return ParseResult<ConfigNode>.Fail($"--set {path}: the configuration is {root.KindName}, not a mapping");
        return SetIn(mapping, parts, 0, value, path).Select(m => (ConfigNode)m);
    }

    private static ParseResult<ConfigMapping> SetIn(ConfigMapping mapping, string[] parts, int index, ConfigNode value, string path)
    {
        string key = parts[index];
        if (index == parts.Length - 1) return ParseResult<ConfigMapping>.Ok(mapping.With(key, value));
        ConfigNode? child = mapping.Get(key);
        ConfigMapping? inner = child switch
        {
            null or ConfigScalar { IsNull: true } => ConfigMapping.Empty,
            ConfigMapping m => m,
            _ => null,
        };
        if (inner is null)
            return ParseResult<ConfigMapping>.Fail($"--set {path}: {string.Join('.', parts[..(index + 1)])} is {child!.KindName}, not a mapping");
        return SetIn(inner, parts, index + 1, value, path).Select(m => mapping.With(key, m));
    }
}
