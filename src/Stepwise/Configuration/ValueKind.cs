namespace Stepwise.Configuration;

/// <summary>The type a configuration key accepts.</summary>
public enum ValueKind
{
    /// <summary>A whole number within [Min, long.MaxValue].</summary>
    Count,
    /// <summary>A time string; a bare number takes the key's unit.</summary>
    Time,
    /// <summary>A list of time strings (a YAML list or a comma-separated value).</summary>
    TimeList,
    /// <summary>true or false.</summary>
    Bool,
    /// <summary>A real number written in decimal (kept exact as <see cref="decimal"/>), strictly greater than Min.</summary>
    Real,
    /// <summary>One of a fixed set of words.</summary>
    Choice,
    /// <summary>Free text.</summary>
    Text,
    /// <summary>A list of whole numbers, each ≥ Min (a YAML list or a comma-separated value).</summary>
    CountList,
    /// <summary>A list of real numbers, each strictly greater than Min.</summary>
    RealList,
    /// <summary>A mapping of names to real numbers, each strictly greater than Min (e.g. split fractions).</summary>
    RealMap,
    /// <summary>A list of words (a YAML list or a comma-separated value).</summary>
    TextList,
    /// <summary>A mapping of split names to a fraction (a real number strictly greater than Min) or a mapping
    /// <c>{path: FILE}</c> (<see cref="SplitSource"/>).</summary>
    SplitMap,
}
