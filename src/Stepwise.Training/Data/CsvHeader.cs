using System.Globalization;
using System.Text.RegularExpressions;
using Stepwise.Configuration;

namespace Stepwise.Training.Data;

/// <summary>
/// The header row of a CSV: unique non-empty column names, the label column (<c>data.label</c>, or the last column)
/// and the index column to skip (<c>data.index_column</c>: a 0-based position as pandas' <c>index_col</c>, or a name).
/// A pandas index left in the file (an unnamed first column, or one named <c>Unnamed: 0</c>) is recognised and the
/// message or note offers <c>data.index_column</c>.
/// </summary>
internal sealed partial class CsvHeader
{
    private CsvHeader(string[] names, int label, int index, IReadOnlyList<string> notes)
    {
        Names = names;
        Label = label;
        Index = index;
        Notes = notes;
    }

    /// <summary>Every column's name, in file order (the index column's may be empty).</summary>
    public string[] Names { get; }

    /// <summary>The label column.</summary>
    public int Label { get; }

    /// <summary>The index column skipped, or −1.</summary>
    public int Index { get; }

    /// <summary>Notes for stderr (a column that looks like a pandas index and is used as a feature).</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>The feature columns' names, in file order.</summary>
    public string[] FeatureNames => [.. Names.Where((_, i) => i != Label && i != Index)];

    [GeneratedRegex(@"^Unnamed: \d+$", RegexOptions.CultureInvariant)]
    private static partial Regex PandasUnnamed();

    /// <summary>Checks the header's names against the keys.</summary>
    /// <param name="shown">The file as the user wrote it.</param>
    /// <param name="lineNo">The header's line.</param>
    /// <param name="names">The names, trimmed and unquoted.</param>
    /// <param name="label">data.label, or null for the last column.</param>
    /// <param name="indexColumn">data.index_column, or null for none.</param>
    public static ParseResult<CsvHeader> Check(string shown, int lineNo, string[] names, string? label, string? indexColumn)
    {
        string at = string.Create(CultureInfo.InvariantCulture, $"{shown} line {lineNo} (header)");
        int index = -1;
        if (indexColumn is not null)
        {
            var found = FindIndex(shown, lineNo, names, indexColumn);
            if (!found.TryGetValue(out index)) return Fail(found.Error!);
        }
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < names.Length; i++)
        {
            if (i == index) continue;
            if (names[i].Length == 0)
            {
                return Fail(i == 0 && index < 0
                    ? $"{at}: column 1 has no name, like the index column pandas writes (DataFrame.to_csv without index=False); set data.index_column: 0 to skip it, or name the column"
                    : Inv($"{at}: column {i + 1} has no name; every column needs a unique name"));
            }
            if (!first.TryAdd(names[i], i))
                return Fail(Inv($"{at}: column name '{Clip(names[i])}' appears twice (columns {first[names[i]] + 1} and {i + 1}); column names must be unique"));
        }
        int usable = names.Length - (index >= 0 ? 1 : 0);
        if (usable < 2)
        {
            string only = names.Where((_, i) => i != index).FirstOrDefault() ?? "";
            return Fail($"{at}: only one column ('{Clip(only)}'){(index >= 0 ? " besides the index column" : "")}; expected at least one feature column and the label column, separated by commas");
        }
        int labelColumn;
        if (label is null)
        {
            labelColumn = names.Length - 1;
            if (labelColumn == index)
                return Fail($"data.index_column = {indexColumn}: is the last column of {shown}, where the label is by default; set data.label to the label column's name");
        }
        else
        {
            labelColumn = Array.IndexOf(names, label);
            if (labelColumn < 0)
            {
                string? guess = DidYouMean.Suggest(label, names.Where(n => n.Length > 0).ToArray());
                string hint = guess is null ? "" : $"did you mean '{guess}'? ";
                return Fail(Inv($"data.label = {label}: no such column in {shown} (line {lineNo}); {hint}columns: {List(names)}"));
            }
            if (labelColumn == index) return Fail($"data.label = {label}: is also data.index_column; the label must be another column");
        }
        var notes = new List<string>();
        for (int i = 0; i < names.Length; i++)
        {
            if (i == index || i == labelColumn || !PandasUnnamed().IsMatch(names[i])) continue;
            notes.Add(Inv($"note: {shown} column {i + 1} '{names[i]}' looks like a pandas index column (pandas names an unnamed column so); it is used as a feature. To skip it, set data.index_column: '{names[i]}'"));
        }
        return ParseResult<CsvHeader>.Ok(new CsvHeader(names, labelColumn, index, notes));
    }

    /// <summary>data.index_column: a whole number is a 0-based position (as pandas' index_col); other text a name.</summary>
    private static ParseResult<int> FindIndex(string shown, int lineNo, string[] names, string indexColumn)
    {
        string key = $"data.index_column = {indexColumn}";
        string text = indexColumn.Trim();
        if (text.Length > 0 && text.All(char.IsAsciiDigit))
        {
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int p) && p < names.Length) return ParseResult<int>.Ok(p);
            return ParseResult<int>.Fail(Inv($"{key}: {shown} has {names.Length} columns, positions 0..{names.Length - 1} (0 is the first column, as pandas index_col=0)"));
        }
        int at = Array.IndexOf(names, text);
        if (at >= 0) return ParseResult<int>.Ok(at);
        string? guess = DidYouMean.Suggest(text, names.Where(n => n.Length > 0).ToArray());
        return ParseResult<int>.Fail(Inv($"{key}: no such column in {shown} (line {lineNo}); {(guess is null ? "" : $"did you mean '{guess}'? ")}give a column name or a position 0..{names.Length - 1} (columns: {List(names)})"));
    }

    /// <summary>Names for messages: the first 12, then the count.</summary>
    public static string List(string[] names)
    {
        var shown = names.Take(12).Select(n => n.Length == 0 ? "(unnamed)" : Clip(n));
        return names.Length <= 12 ? string.Join(", ", shown) : string.Join(", ", shown) + Inv($", … ({names.Length} columns)");
    }

    private static string Clip(string s)
    {
        s = s.ReplaceLineEndings("\\n");
        return s.Length <= 40 ? s : string.Concat(s.AsSpan(0, 37), "...");
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static ParseResult<CsvHeader> Fail(string message) => ParseResult<CsvHeader>.Fail(message);
}
