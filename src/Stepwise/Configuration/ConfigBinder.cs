using System.Globalization;

namespace Stepwise.Configuration;

/// <summary>
/// Binds a <see cref="ConfigNode"/> tree to typed <see cref="ConfigValues"/> under a <see cref="ConfigSchema"/>:
/// unknown keys (with did-you-mean), type errors, ranges, aliases and duplicates, each reported as one
/// <see cref="ConfigError"/>. Null values count as absent, as in the documented config block.
/// </summary>
public static class ConfigBinder
{
    /// <summary>Binds <paramref name="root"/>; returns the values and every error found (empty when valid).</summary>
    public static (ConfigValues Values, IReadOnlyList<ConfigError> Errors) Bind(ConfigNode root, ConfigSchema schema)
    {
        var values = new ConfigValues();
        var errors = new List<ConfigError>();
        if (root is ConfigScalar { IsNull: true })
        {
            errors.Add(new("config", null, "is empty; expected a mapping with data, batch and duration sections"));
            return (values, errors);
        }
        if (root is not ConfigMapping top)
        {
            errors.Add(new("config", root.Display, $"expected a mapping of sections ({string.Join(", ", schema.Sections)}), got {root.KindName}"));
            return (values, errors);
        }
        var sections = schema.Sections.ToHashSet(StringComparer.Ordinal);
        foreach (var (key, node) in top.Entries)
        {
            if (sections.Contains(key) || key == "training")
            {
                if (node is ConfigScalar { IsNull: true }) continue;
                if (node is not ConfigMapping section)
                {
                    string allowed = key == "training" ? "aliases such as max_steps, train_batch_size" : string.Join(", ", schema.Keys.Values.Where(k => k.Section == key).Select(k => k.Name));
                    errors.Add(new(key, node.Display, $"expected a mapping of {allowed}, got {node.KindName}"));
                    continue;
                }
                foreach (var (sub, value) in section.Entries)
                {
                    string written = key + "." + sub;
                    if (key != "training" && schema.Keys.TryGetValue(written, out var spec)) Add(spec, written, value, values, errors);
                    else if (schema.Aliases.TryGetValue(sub, out string? target)) Add(schema.Keys[target], written, value, values, errors);
                    else errors.Add(Unknown(written, key == "training"
                        ? schema.Aliases.Keys
                        : schema.Keys.Values.Where(k => k.Section == key).Select(k => k.Name).Concat(schema.Aliases.Keys), key + "."));
                }
            }
            else if (schema.Keys.TryGetValue(key, out var spec))
            {
                Add(spec, key, node, values, errors);
            }
            else if (schema.Aliases.TryGetValue(key, out string? target))
            {
                Add(schema.Keys[target], key, node, values, errors);
            }
            else
            {
                var candidates = sections.Concat(schema.Keys.Values.Where(k => k.Section.Length == 0).Select(k => k.Name)).Concat(schema.Aliases.Keys).Append("training");
                errors.Add(Unknown(key, candidates, ""));
            }
        }
        return (values, errors);
    }

    private static ConfigError Unknown(string written, IEnumerable<string> candidates, string prefix)
    {
        string name = written[(written.LastIndexOf('.') + 1)..];
        var list = candidates.Distinct().ToList();
        string? guess = DidYouMean.Suggest(name, list);
        string hint = guess is not null ? $"; did you mean '{prefix}{guess}'?" : "";
        return new(written, null, $"unknown key{hint} (allowed: {string.Join(", ", list.Take(16))}{(list.Count > 16 ? ", …" : "")})");
    }

    private static void Add(KeySpec spec, string written, ConfigNode node, ConfigValues values, List<ConfigError> errors)
    {
        if (node is ConfigScalar { IsNull: true }) return;
        values.MarkGiven(spec.Path);
        if (values.Entry(spec.Path) is { } earlier)
        {
            errors.Add(new(written, node.Display, $"{spec.Path} is already given as {earlier.WrittenKey}; give it once"));
            return;
        }
        var parsed = Parse(spec, node);
        if (parsed.TryGetValue(out object? value)) values.Set(spec.Path, new ConfigValue(value, written, node.Display));
        else errors.Add(new(written, node.Display, parsed.Error!));
    }

    /// <summary>Parses one node for <paramref name="spec"/>; the message says what is allowed.</summary>
    public static ParseResult<object> Parse(KeySpec spec, ConfigNode node)
    {
        if (spec.Kind == ValueKind.TimeList)
        {
            IEnumerable<ConfigNode> items = node switch
            {
                ConfigSequence seq => seq.Items,
                ConfigScalar s => s.Text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(t => (ConfigNode)new ConfigScalar(t, false)),
                _ => [node],
            };
            var list = new List<TimeValue>();
            foreach (var item in items)
            {
                if (item is not ConfigScalar { IsNull: false } scalar) return ParseResult<object>.Fail($"list items must be values, got {item.KindName}; allowed: {spec.Allowed}");
                var one = ParseTime(spec, scalar.Text);
                if (!one.Success) return ParseResult<object>.Fail($"item '{scalar.Text}': {one.Error}");
                list.Add(one.Value);
            }
            return ParseResult<object>.Ok(list);
        }
        if (spec.Kind is ValueKind.CountList or ValueKind.RealList or ValueKind.TextList) return ParseList(spec, node);
        if (spec.Kind == ValueKind.RealMap) return ParseMap(spec, node);
        if (spec.Kind == ValueKind.SplitMap) return ParseSplitMap(spec, node);
        if (node is not ConfigScalar s0) return ParseResult<object>.Fail($"expected {spec.Allowed}, got {node.KindName}");
        string text = s0.Text.Trim();
        switch (spec.Kind)
        {
            case ValueKind.Count:
                if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out decimal d))
                {
                    // Beyond decimal's range (1e400 reads as infinity in double): too large, or out of range when negative.
                    bool numeric = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double approx) && !double.IsNaN(approx);
                    if (numeric && approx < 0) return ParseResult<object>.Fail($"is out of range; allowed: {spec.Allowed}");
                    return ParseResult<object>.Fail(numeric ? $"is too large; allowed: {spec.Allowed} and ≤ {long.MaxValue}" : $"not a whole number; allowed: {spec.Allowed}");
                }
                if (decimal.Truncate(d) != d) return ParseResult<object>.Fail($"is fractional; allowed: {spec.Allowed}");
                if (d > long.MaxValue) return ParseResult<object>.Fail($"is too large; allowed: {spec.Allowed} and ≤ {long.MaxValue}");
                if (d < spec.Min) return ParseResult<object>.Fail($"is out of range; allowed: {spec.Allowed}");
                return ParseResult<object>.Ok((long)d);
            case ValueKind.Time:
                return ParseTime(spec, text).Select(v => (object)v);
            case ValueKind.Bool:
                return text.ToLowerInvariant() switch
                {
                    "true" or "yes" or "on" => ParseResult<object>.Ok(true),
                    "false" or "no" or "off" => ParseResult<object>.Ok(false),
                    _ => ParseResult<object>.Fail($"not a boolean; allowed: {spec.Allowed}"),
                };
            case ValueKind.Real:
                if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal r))
                    return ParseResult<object>.Fail($"not a number; allowed: {spec.Allowed}");
                if (r <= spec.Min) return ParseResult<object>.Fail($"is out of range; allowed: {spec.Allowed}");
                return ParseResult<object>.Ok(r);
            case ValueKind.Choice:
                string lower = text.ToLowerInvariant();
                if (spec.Choices!.Contains(lower)) return ParseResult<object>.Ok(lower);
                string? guess = DidYouMean.Suggest(lower, spec.Choices!);
                return ParseResult<object>.Fail($"not allowed{(guess is null ? "" : $"; did you mean '{guess}'?")} (allowed: {string.Join(", ", spec.Choices!)})");
            default:
                return ParseResult<object>.Ok(text);
        }
    }

    private static ParseResult<TimeValue> ParseTime(KeySpec spec, string text)
    {
        var parsed = TimeValueParser.Parse(text, spec.BareUnit);
        if (!parsed.TryGetValue(out var value)) return parsed;
        if (spec.Units is { Count: > 0 } units && !units.Contains(value.Unit))
            return ParseResult<TimeValue>.Fail($"{TimeValueParser.Name(value.Unit)} are not allowed here; allowed: {spec.Allowed}");
        return parsed;
    }

    private static ParseResult<object> ParseList(KeySpec spec, ConfigNode node)
    {
        IEnumerable<ConfigNode> items = node switch
        {
            ConfigSequence seq => seq.Items,
            ConfigScalar s => s.Text.Trim().TrimStart('[').TrimEnd(']').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(t => (ConfigNode)new ConfigScalar(t, false)),
            _ => [node],
        };
        var itemSpec = spec with { Kind = spec.Kind switch { ValueKind.CountList => ValueKind.Count, ValueKind.RealList => ValueKind.Real, _ => spec.Choices is { Count: > 0 } ? ValueKind.Choice : ValueKind.Text } };
        var values = new List<object>();
        foreach (var item in items)
        {
            if (item is not ConfigScalar { IsNull: false } scalar) return ParseResult<object>.Fail($"list items must be values, got {item.KindName}; allowed: {spec.Allowed}");
            var one = Parse(itemSpec, scalar);
            if (!one.TryGetValue(out object? v)) return ParseResult<object>.Fail($"item '{scalar.Text}': {one.Error}");
            values.Add(v);
        }
        return spec.Kind switch
        {
            ValueKind.CountList => ParseResult<object>.Ok(values.Cast<long>().ToList()),
            ValueKind.RealList => ParseResult<object>.Ok(values.Cast<decimal>().ToList()),
            _ => ParseResult<object>.Ok(values.Cast<string>().ToList()),
        };
    }

    private static ParseResult<object> ParseSplitMap(KeySpec spec, ConfigNode node)
    {
        if (node is not ConfigMapping map) return ParseResult<object>.Fail($"expected {spec.Allowed}, got {node.KindName}");
        var itemSpec = spec with { Kind = ValueKind.Real };
        var list = new List<KeyValuePair<string, SplitSource>>();
        foreach (var (name, value) in map.Entries)
        {
            if (value is ConfigMapping file)
            {
                foreach (var (key, _) in file.Entries)
                {
                    if (key == "path") continue;
                    string? guess = DidYouMean.Suggest(key, ["path"]);
                    return ParseResult<object>.Fail($"{name}.{key}: unknown key{(guess is null ? "" : "; did you mean 'path'?")} (a split's own file is {{path: FILE}})");
                }
                if (file.Get("path") is not ConfigScalar { IsNull: false } path || path.Text.Trim().Length == 0)
                    return ParseResult<object>.Fail($"{name}: a split's own file needs {{path: FILE}} (a CSV with the train file's columns)");
                list.Add(new(name, new SplitSource(null, path.Text.Trim())));
                continue;
            }
            var one = Parse(itemSpec, value);
            if (!one.TryGetValue(out object? v)) return ParseResult<object>.Fail($"{name}: {one.Error} or {{path: FILE}}");
            list.Add(new(name, new SplitSource((decimal)v, null)));
        }
        return ParseResult<object>.Ok(list);
    }

    private static ParseResult<object> ParseMap(KeySpec spec, ConfigNode node)
    {
        if (node is not ConfigMapping map) return ParseResult<object>.Fail($"expected {spec.Allowed}, got {node.KindName}");
        var itemSpec = spec with { Kind = ValueKind.Real };
        var list = new List<KeyValuePair<string, decimal>>();
        foreach (var (name, value) in map.Entries)
        {
            var one = Parse(itemSpec, value);
            if (!one.TryGetValue(out object? v)) return ParseResult<object>.Fail($"{name}: {one.Error}");
            list.Add(new(name, (decimal)v));
        }
        return ParseResult<object>.Ok(list);
    }
}
