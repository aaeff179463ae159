namespace Stepwise.Configuration;

/// <summary>What one configuration key accepts.</summary>
/// <param name="Path">Canonical dotted path, e.g. <c>checkpoints.every</c>.</param>
/// <param name="Kind">The value type.</param>
/// <param name="Min">Least allowed whole value (Count), or the exclusive lower bound (Real).</param>
/// <param name="BareUnit">The unit of a bare number (Time, TimeList).</param>
/// <param name="Units">Units allowed (Time, TimeList); empty means any.</param>
/// <param name="Choices">Allowed words (Choice).</param>
public sealed record KeySpec(string Path, ValueKind Kind, long Min = 0, TimeUnit? BareUnit = null, IReadOnlyList<TimeUnit>? Units = null, IReadOnlyList<string>? Choices = null)
{
    /// <summary>The last path segment.</summary>
    public string Name => Path[(Path.LastIndexOf('.') + 1)..];

    /// <summary>The section (first segment) or "" for a top-level key.</summary>
    public string Section => Path.Contains('.', StringComparison.Ordinal) ? Path[..Path.IndexOf('.', StringComparison.Ordinal)] : "";

    /// <summary>What is allowed, for messages.</summary>
    public string Allowed => Kind switch
    {
        ValueKind.Count => $"a whole number ≥ {Min}",
        ValueKind.Time or ValueKind.TimeList => (Kind == ValueKind.TimeList ? "a list of " : "") +
            (BareUnit is { } u ? $"a number of {TimeValueParser.Name(u)}" : "a number with a unit") +
            (Units is { Count: > 0 } us ? " or a time string in " + string.Join(", ", us.Select(TimeValue.Suffix)) : $" or a time string ({TimeValueParser.AllowedUnits})"),
        ValueKind.Bool => "true or false",
        ValueKind.Real => $"a real number > {Min}",
        ValueKind.Choice => "one of " + string.Join(", ", Choices ?? []),
        ValueKind.CountList => $"a list of whole numbers ≥ {Min}",
        ValueKind.RealList => $"a list of real numbers > {Min}",
        ValueKind.RealMap => $"a mapping of names to real numbers > {Min}",
        ValueKind.SplitMap => $"a mapping of split names to a fraction > {Min} or {{path: FILE}}",
        ValueKind.TextList => Choices is { Count: > 0 } cs ? "a list of " + string.Join(", ", cs) : "a list of names",
        _ => "text",
    };
}
