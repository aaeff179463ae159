namespace Stepwise.Configuration;

/// <summary>Where one configured data split comes from (<c>data.splits</c>): a fraction of the source's rows
/// (<c>val: 0.2</c>), or a file of its own (<c>val: { path: val.csv }</c>). Exactly one is set.</summary>
/// <param name="Fraction">The fraction of the source's rows, exactly as written, or null.</param>
/// <param name="Path">The file, as written (relative paths resolve against the config's folder), or null.</param>
public sealed record SplitSource(decimal? Fraction, string? Path);
