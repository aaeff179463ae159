using System.Collections.ObjectModel;
using System.Globalization;
using Stepwise.Engine;

namespace Stepwise.Training.Data;

/// <summary>
/// Loads a <see cref="DataSource"/> into train and the configured splits (docs/data.md). Every random choice — blob
/// centres and samples, the split shuffle, label noise, the generated corpus — draws from its own stream of
/// <see cref="Stepwise.Engine.Rng"/> seeded by <c>seed</c>, so a seed gives the same data on every platform.
/// </summary>
public static class DataLoader
{
    /// <summary>Default blobs sample count.</summary>
    public const long DefaultBlobSamples = 1000;

    /// <summary>Default blobs dimensions.</summary>
    public const int DefaultBlobFeatures = 2;

    /// <summary>Default blobs centres (classes).</summary>
    public const int DefaultBlobClasses = 3;

    /// <summary>Default blobs standard deviation.</summary>
    public const double DefaultClusterStd = 1.0;

    /// <summary>Default text context (tokens per sample).</summary>
    public const int DefaultContext = 64;

    /// <summary>
    /// Reads, generates and splits the data. User input never throws: a bad key, a missing or malformed file or an
    /// impossible split is a failed result whose message names the key or file, the value or location, and what is
    /// allowed.
    /// </summary>
    /// <param name="spec">What to load.</param>
    /// <param name="baseDirectory">The folder relative paths resolve against (the config file's folder).</param>
    /// <param name="seed">The run seed.</param>
    public static ParseResult<LoadedData> Load(DataSource spec, string baseDirectory, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(baseDirectory);
        var checkedSource = SpecChecks.Check(spec);
        if (!checkedSource.TryGetValue(out string source)) return ParseResult<LoadedData>.Fail(checkedSource.Error!);
        return source == "text" ? LoadText(spec, baseDirectory, seed) : LoadTabular(source, spec, baseDirectory, seed);
    }

    private static ParseResult<LoadedData> LoadTabular(string source, DataSource spec, string baseDirectory, ulong seed)
    {
        var read = ReadTabular(source, spec, baseDirectory, seed);
        if (!read.TryGetValue(out CsvTable table)) return ParseResult<LoadedData>.Fail(read.Error!);
        IReadOnlyList<(string Name, CsvTable Table)> files = [];
        if (spec.SplitFiles is { Count: > 0 })
        {
            var own = SplitFiles.Read(spec, table, ["train", .. spec.Splits?.Keys ?? []], baseDirectory);
            if (!own.TryGetValue(out var both)) return ParseResult<LoadedData>.Fail(own.Error!);
            (table, files) = both;
        }
        var raw = table.Dataset;
        var plan = SplitPlanner.Plan(raw.Count, source == "blobs" ? null : spec.N, spec.Splits, seed, raw.Name);
        if (!plan.TryGetValue(out SplitPlan carved)) return ParseResult<LoadedData>.Fail(plan.Error!);
        // splits with their own file follow the carved ones; their source rows are the rows of their own file
        var split = new SplitPlan([.. carved.Names, .. files.Select(f => f.Name)], [.. carved.Rows, .. files.Select(f => Enumerable.Range(0, f.Table.Dataset.Count).ToArray())]);
        var parts = new TabularDataset[split.Names.Length];
        for (int i = 0; i < carved.Names.Length; i++) parts[i] = raw.Subset(raw.Name, carved.Rows[i]);
        for (int i = 0; i < files.Count; i++) parts[carved.Names.Length + i] = files[i].Table.Dataset;
        FeatureScaling? scaling = null;
        if (spec.Standardize ?? source is "breast_cancer" or "csv")
        {
            scaling = FeatureScaling.Fit(parts[0]);
            for (int i = 0; i < parts.Length; i++) parts[i] = scaling.Apply(parts[i]);
        }
        var noise = LabelNoiseResult.None;
        if (spec.LabelNoise is > 0 and var rate) (parts[0], noise) = LabelNoise.Apply(parts[0], rate, seed);
        if (spec.ExcludeRows is { } excluded)
        {
            var keep = ExcludedRows.Kept(excluded, parts[0].Count);
            if (!keep.TryGetValue(out int[]? kept)) return ParseResult<LoadedData>.Fail(keep.Error!);
            parts[0] = parts[0].Subset(parts[0].Name, kept);
            noise = ExcludedRows.Renumber(noise, kept);
            split = ExcludedRows.Narrow(split, kept);
        }
        var sets = new Dictionary<string, TabularDataset>(StringComparer.Ordinal);
        for (int i = 0; i < parts.Length; i++) sets.Add(split.Names[i], parts[i]);
        return ParseResult<LoadedData>.Ok(new LoadedData(source, sets.AsReadOnly(), null, Array.AsReadOnly(split.Names), Rows(split), noise, scaling)
        {
            ClassNames = table.ClassNames,
            Notes = [.. table.Notes, .. files.SelectMany(f => f.Table.Notes)],
        });
    }

    private static ParseResult<CsvTable> ReadTabular(string source, DataSource spec, string baseDirectory, ulong seed)
    {
        switch (source)
        {
            case "digits":
            case "breast_cancer":
                var bundled = source == "digits" ? BundledData.Digits() : BundledData.BreastCancer();
                if (spec.Features is { } f && f != bundled.Features) return Fail($"data.features = {f}: {source} has {bundled.Features} features; remove the key or set {bundled.Features}");
                if (spec.Classes is { } c && c != bundled.Classes) return Fail($"data.classes = {c}: {source} has {bundled.Classes} classes; remove the key or set {bundled.Classes}");
                return ParseResult<CsvTable>.Ok(new CsvTable(bundled, source == "breast_cancer" ? BundledData.BreastCancerClassNames : null, []));
            case "blobs":
                long n = spec.N ?? DefaultBlobSamples;
                int features = spec.Features ?? DefaultBlobFeatures;
                if (n > int.MaxValue || n * features > Array.MaxLength)
                {
                    return Fail($"data.n = {n}: {n} samples × {features} features is too many values; at most {Array.MaxLength / features} samples");
                }
                return ParseResult<CsvTable>.Ok(new CsvTable(BlobGenerator.Generate((int)n, features, spec.Classes ?? DefaultBlobClasses, spec.ClusterStd ?? DefaultClusterStd, seed), null, []));
            default:
                return CsvTableReader.Read(spec.Path!, StrictText.Resolve(spec.Path!, baseDirectory), spec.Label, spec.Classes, spec.IndexColumn);
        }
    }

    private static ParseResult<LoadedData> LoadText(DataSource spec, string baseDirectory, ulong seed)
    {
        string name = "generated", shown = "generated corpus", text;
        if (spec.Path is { } path)
        {
            var read = StrictText.Read(path, StrictText.Resolve(path, baseDirectory), "a UTF-8 text file", DataLimits.MaxTextBytes);
            if (!read.TryGetValue(out text)) return ParseResult<LoadedData>.Fail(read.Error!);
            name = System.IO.Path.GetFileName(path);
            shown = path;
        }
        else
        {
            text = TextCorpus.Generate(seed);
        }
        var built = TextWindows.Build(name, shown, text, spec.Vocabulary ?? "bytes", spec.Context ?? DefaultContext, spec.Split ?? "blank_line");
        if (!built.TryGetValue(out SequenceDataset all)) return ParseResult<LoadedData>.Fail(built.Error!);
        var plan = SplitPlanner.Plan(all.Count, spec.N, spec.Splits, seed, shown);
        if (!plan.TryGetValue(out SplitPlan split)) return ParseResult<LoadedData>.Fail(plan.Error!);
        if (spec.ExcludeRows is { } excluded)
        {
            var keep = ExcludedRows.Kept(excluded, split.Rows[0].Length);
            if (!keep.TryGetValue(out int[]? kept)) return ParseResult<LoadedData>.Fail(keep.Error!);
            split = ExcludedRows.Narrow(split, kept);
        }
        var sets = new Dictionary<string, SequenceDataset>(StringComparer.Ordinal);
        for (int i = 0; i < split.Names.Length; i++) sets.Add(split.Names[i], all.Subset(name, split.Rows[i]));
        return ParseResult<LoadedData>.Ok(new LoadedData("text", null, sets.AsReadOnly(), Array.AsReadOnly(split.Names), Rows(split), LabelNoiseResult.None, null));
    }

    private static ReadOnlyDictionary<string, IReadOnlyList<int>> Rows(SplitPlan split)
    {
        var rows = new Dictionary<string, IReadOnlyList<int>>(StringComparer.Ordinal);
        for (int i = 0; i < split.Names.Length; i++) rows.Add(split.Names[i], Array.AsReadOnly(split.Rows[i]));
        return rows.AsReadOnly();
    }

    private static ParseResult<CsvTable> Fail(FormattableString message) => ParseResult<CsvTable>.Fail(message.ToString(CultureInfo.InvariantCulture));
}
