using System.Globalization;
using Stepwise.Configuration;

namespace Stepwise.Training.Data;

/// <summary>Checks a <see cref="DataSource"/>'s keys against its source before anything is read.</summary>
internal static class SpecChecks
{
    public static readonly string[] Sources = ["digits", "breast_cancer", "blobs", "csv", "text"];
    private static readonly string[] Tabular = ["digits", "breast_cancer", "blobs", "csv"];

    /// <summary>The source name, lowercased, or the first problem.</summary>
    public static ParseResult<string> Check(DataSource spec)
    {
        string? raw = spec.Source?.Trim();
        if (string.IsNullOrEmpty(raw)) return Fail($"data.source: missing; allowed: {string.Join(", ", Sources)}");
        string source = raw.ToLowerInvariant();
        if (!Sources.Contains(source))
        {
            string? guess = DidYouMean.Suggest(source, Sources);
            return Fail($"data.source = {raw}: unknown source; {(guess is null ? "" : $"did you mean '{guess}'? ")}allowed: {string.Join(", ", Sources)}");
        }
        bool tabular = Tabular.Contains(source);
        string? problem =
            Only("path", spec.Path, source, "csv", "text")
            ?? Only("label", spec.Label, source, "csv")
            ?? Only("index_column", spec.IndexColumn, source, "csv")
            ?? Only("features", spec.Features, source, Tabular)
            ?? Only("classes", spec.Classes, source, Tabular)
            ?? Only("label_noise", spec.LabelNoise, source, Tabular)
            ?? Only("cluster_std", spec.ClusterStd, source, "blobs")
            ?? Only("vocabulary", spec.Vocabulary, source, "text")
            ?? Only("context", spec.Context, source, "text")
            ?? Only("split", spec.Split, source, "text")
            ?? Only("standardize", spec.Standardize, source, Tabular);
        if (problem is not null) return Fail(problem);
        if (spec.SplitFiles is [var (name, _), ..] && source != "csv")
            return Fail($"data.splits.{name}: a split's own file ({{path: FILE}}) needs data.source: csv, whose train file is data.path; source {source} takes fractions (e.g. {name}: 0.2)");
        if (source == "csv" && string.IsNullOrWhiteSpace(spec.Path)) return Fail("data.path: missing; source csv needs the path of a CSV file with a header row");
        if (spec.Path is { Length: 0 }) return Fail("data.path: empty; give a file path (relative paths resolve against the config file's folder)");
        if (spec.Label is { } label && label.Trim().Length == 0) return Fail("data.label: empty; give the label column's header name, or leave it out for the last column");
        if (spec.IndexColumn is { } ic && ic.Trim().Length == 0) return Fail("data.index_column: empty; give the column to skip, by 0-based position (0 = the first column, as pandas index_col=0) or by name");
        if (spec.N is < 1) return Fail(Inv($"data.n = {spec.N}: must be at least 1"));
        if (spec.Features is < 1 or > 1_000_000) return Fail(Inv($"data.features = {spec.Features}: must be 1..1000000"));
        if (spec.Classes is < 2 or > CsvTableReader.MaxClasses) return Fail(Inv($"data.classes = {spec.Classes}: must be 2..{CsvTableReader.MaxClasses}"));
        if (spec.LabelNoise is { } noise && !(noise >= 0 && noise < 1))
        {
            return Fail($"data.label_noise = {R(noise)}: must be at least 0 and below 1 (a fraction of the train rows)");
        }
        if (spec.ClusterStd is { } std && !(std >= 0 && double.IsFinite(std))) return Fail($"data.cluster_std = {R(std)}: must be a finite number ≥ 0");
        if (spec.Context is < 1 or > 1 << 20) return Fail(Inv($"data.context = {spec.Context}: must be 1..{1 << 20} tokens"));
        if (spec.Vocabulary is { } v && v is not ("bytes" or "chars")) return Fail($"data.vocabulary = {v}: unknown; allowed: bytes, chars");
        if (spec.Split is { } s && s is not ("blank_line" or "fixed")) return Fail($"data.split = {s}: unknown; allowed: blank_line, fixed");
        return ParseResult<string>.Ok(source);
    }

    private static string? Only(string key, object? value, string source, params string[] sources) =>
        value is null || sources.Contains(source)
            ? null
            : $"data.{key} = {Show(value)}: does not apply to source {source}; it applies to {string.Join(", ", sources)} (remove it)";

    private static string Show(object value) => value switch
    {
        double d => R(d),
        bool b => b ? "true" : "false",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static string R(double d) => d.ToString("R", CultureInfo.InvariantCulture);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static ParseResult<string> Fail(string message) => ParseResult<string>.Fail(message);
}
