using System.Globalization;
using Stepwise.Configuration;

namespace Stepwise.Training.Data;

/// <summary>
/// Splits given by their own file (<c>data.splits: { val: { path: val.csv } }</c>; seed 001 keeps train, atomic and test
/// as separate files): each is a CSV with the train file's columns, read with the same label and index column. Labels
/// are whole numbers in every file, or class names in every file (then ids are the sorted union of all files' names,
/// so a name means the same class everywhere); the class count is the largest any file needs (or data.classes).
/// </summary>
internal static class SplitFiles
{
    /// <summary>Rewrites the relative paths of <c>data.splits</c>'s files as absolute ones (against
    /// <paramref name="baseDirectory"/>), so the resolved config a run keeps (and a checkpoint's config.yaml) opens them
    /// from anywhere, as <c>data.path</c>.</summary>
    public static void Resolve(ConfigValues values, string baseDirectory)
    {
        if (values.SplitMap("data.splits") is not { } map || map.All(p => p.Value.Path is null || Path.IsPathRooted(p.Value.Path))) return;
        var resolved = map.Select(p => p.Value.Path is { } path && !Path.IsPathRooted(path)
            ? new KeyValuePair<string, SplitSource>(p.Key, p.Value with { Path = Path.GetFullPath(Path.Combine(baseDirectory, path)) })
            : p).ToList();
        var entry = values.Entry("data.splits")!;
        values.Set("data.splits", entry with { Value = resolved });
    }

    /// <summary>Reads every split file of <paramref name="spec"/> beside the train file's <paramref name="train"/>;
    /// returns the train table and the split tables with one label meaning and one class count, or the first problem.</summary>
    public static ParseResult<(CsvTable Train, IReadOnlyList<(string Name, CsvTable Table)> Files)> Read(DataSource spec, CsvTable train, IReadOnlyCollection<string> taken, string baseDirectory)
    {
        var files = new List<(string Name, CsvTable Table)>();
        var names = new HashSet<string>(taken, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, path) in spec.SplitFiles ?? [])
        {
            string key = $"data.splits.{name}";
            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_' || c == '-'))
                return Fail($"data.splits: split name '{name}' is not allowed; names are letters, digits, '_' and '-' (e.g. val, test)");
            if (!names.Add(name)) return Fail($"{key}: split name given twice (names are compared ignoring case); give each split once");
            var read = CsvTableReader.Read(path, StrictText.Resolve(path, baseDirectory), spec.Label, spec.Classes, spec.IndexColumn, split: true);
            if (!read.TryGetValue(out CsvTable table))
            {
                string e = read.Error!;
                return Fail(e.StartsWith("data.path = ", StringComparison.Ordinal) ? $"{key}.path = {e["data.path = ".Length..]}" : $"{key}.path: {e}");
            }
            var (a, b) = (train.Dataset, table.Dataset);
            if (b.Features != a.Features)
                return Fail(Inv($"{key}.path = {path}: {b.Features} feature columns, the train file ({spec.Path}) has {a.Features}; a split's file has the train file's columns"));
            for (int i = 0; i < a.Features; i++)
            {
                if (a.FeatureNames[i] != b.FeatureNames[i])
                    return Fail($"{key}.path = {path}: feature column {i + 1} is '{b.FeatureNames[i]}', the train file's is '{a.FeatureNames[i]}'; a split's file has the train file's columns in the same order");
            }
            if ((table.ClassNames is null) != (train.ClassNames is null))
                return Fail($"{key}.path = {path}: its labels are {(table.ClassNames is null ? "numbers" : "class names")}, the train file's are {(train.ClassNames is null ? "numbers" : "class names")}; all files label the same way");
            files.Add((name, table));
        }
        if (files.Count == 0) return Ok(train, files);
        if (train.ClassNames is not null)
        {
            var union = train.ClassNames.Concat(files.SelectMany(f => f.Table.ClassNames!)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (spec.Classes is { } given && union.Count > given)
                return Fail(Inv($"data.classes = {given}: the files name {union.Count} classes ({string.Join(", ", union.Take(8))}{(union.Count > 8 ? ", …" : "")})"));
            int count = spec.Classes ?? union.Count;
            return Ok(Remap(train, union, count), files.Select(f => (f.Name, Remap(f.Table, union, count))).ToList());
        }
        int classes = Math.Max(train.Dataset.Classes, files.Max(f => f.Table.Dataset.Classes));
        return Ok(WithClasses(train, classes), files.Select(f => (f.Name, WithClasses(f.Table, classes))).ToList());
    }

    private static CsvTable Remap(CsvTable t, List<string> union, int classes)
    {
        var index = union.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
        var d = t.Dataset;
        int[] y = d.Y.Select(label => index[t.ClassNames![label]]).ToArray();
        return new CsvTable(new TabularDataset(d.Name, d.X, y, d.Features, classes, d.FeatureNames), union, t.Notes);
    }

    private static CsvTable WithClasses(CsvTable t, int classes) =>
        t.Dataset.Classes == classes ? t : t with { Dataset = new TabularDataset(t.Dataset.Name, t.Dataset.X, t.Dataset.Y, t.Dataset.Features, classes, t.Dataset.FeatureNames) };

    private static ParseResult<(CsvTable, IReadOnlyList<(string, CsvTable)>)> Ok(CsvTable train, IReadOnlyList<(string, CsvTable)> files) =>
        ParseResult<(CsvTable, IReadOnlyList<(string, CsvTable)>)>.Ok((train, files));

    private static ParseResult<(CsvTable, IReadOnlyList<(string, CsvTable)>)> Fail(string message) =>
        ParseResult<(CsvTable, IReadOnlyList<(string, CsvTable)>)>.Fail(message);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
