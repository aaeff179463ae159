namespace Stepwise.Training.Data;

/// <summary>
/// What to load (the config's <c>data</c> keys; see docs/data.md). Every key except <see cref="Source"/> is optional,
/// and a key that does not apply to the source is an error.
/// </summary>
/// <param name="Source">digits | breast_cancer | blobs | csv | text.</param>
/// <param name="Path">csv: the file (required); text: a UTF-8 file, or null for a seeded generated corpus. Relative
/// paths resolve against the config file's folder.</param>
/// <param name="Label">csv: the label column's header name; default the last column.</param>
/// <param name="N">blobs: samples to generate (default 1000); other sources: keep a seeded random subset of N rows.</param>
/// <param name="Features">blobs: dimensions (default 2); other tabular sources: must match if given.</param>
/// <param name="Classes">blobs: centres (default 3); csv: at least max label + 1 (default max label + 1).</param>
/// <param name="LabelNoise">Tabular: fraction of train rows whose label is flipped, in [0, 1); default 0.</param>
/// <param name="ClusterStd">blobs: standard deviation of each blob, ≥ 0 (default 1).</param>
/// <param name="Vocabulary">text: "bytes" (default, 256 ids) or "chars".</param>
/// <param name="Context">text: tokens per sample, ≥ 1 (default 64).</param>
/// <param name="Split">text: "blank_line" (default; passages end at blank lines) or "fixed" (one stream).</param>
/// <param name="Splits">Split name → fraction of the rows, e.g. {val: 0.2}; the rest is "train".</param>
/// <param name="Standardize">Tabular: standardize features with train statistics; default on for breast_cancer
/// and csv, off for digits and blobs.</param>
/// <param name="IndexColumn">csv: a column to skip, such as the index pandas writes: a whole number is its 0-based
/// position (as pandas' <c>index_col</c>), other text its header name; default none.</param>
public sealed record DataSource(
    string Source,
    string? Path = null,
    string? Label = null,
    long? N = null,
    int? Features = null,
    int? Classes = null,
    double? LabelNoise = null,
    double? ClusterStd = null,
    string? Vocabulary = null,
    int? Context = null,
    string? Split = null,
    IReadOnlyDictionary<string, double>? Splits = null,
    bool? Standardize = null,
    string? IndexColumn = null)
{
    /// <summary>Splits given by their own file (<c>data.splits: { test: { path: test.csv } }</c>), in config order: a
    /// CSV with the train file's columns (csv source only), read with the same label and index column; they follow the
    /// fraction splits in <see cref="LoadedData.SplitNames"/>. Relative paths resolve against the config's folder.</summary>
    public IReadOnlyList<(string Name, string Path)>? SplitFiles { get; init; }

    /// <summary>Train-split rows (0-based, distinct) left out of training (<c>data.exclude_rows</c>), or null: removed
    /// after the split, the scaling (with the full train split's statistics) and the label noise, so the rows that stay
    /// are exactly the rows, features and labels the run without the key trains on, renumbered 0..n−1 in their order —
    /// retraining on the rows a pruning experiment keeps (docs/data.md).</summary>
    public IReadOnlyList<long>? ExcludeRows { get; init; }
}
