using System.Globalization;
using Stepwise.Configuration;

namespace Stepwise.Training.Data;

/// <summary>
/// Reads a numeric CSV with a header row into a <see cref="TabularDataset"/>. Cells are split on commas (quoted cells
/// are not supported) and trimmed; blank lines are skipped; features are finite numbers within float32 range; labels
/// are whole numbers 0..C−1 written without a decimal point. Every problem is one line naming the file, line, column
/// and what is allowed.
/// </summary>
internal static class CsvTableReader
{
    /// <summary>Labels must be below this (so the class count stays a sane output width).</summary>
    public const int MaxClasses = 65_536;

    private const string Wanted = "a CSV file with a header row, numeric feature columns and an integer label column";

    public static ParseResult<TabularDataset> Read(string shown, string resolved, string? label, int? classes)
    {
        var text = StrictText.Read(shown, resolved, Wanted);
        if (!text.Success) return ParseResult<TabularDataset>.Fail(text.Error!);
        string[] lines = text.Value.Split('\n');
        int headerLine = Array.FindIndex(lines, l => l.Trim().Length > 0);
        if (headerLine < 0) return Fail($"{shown}: the file is empty; expected {Wanted}");
        var header = Header(shown, headerLine + 1, lines[headerLine], label);
        if (!header.Success) return ParseResult<TabularDataset>.Fail(header.Error!);
        var (names, labelColumn) = header.Value;
        int width = names.Length;
        int features = width - 1;
        string[] featureNames = [.. names.Where((_, i) => i != labelColumn)];
        var x = new List<float>();
        var y = new List<int>();
        int maxLabel = -1;
        for (int li = headerLine + 1; li < lines.Length; li++)
        {
            string line = lines[li];
            if (line.Trim().Length == 0) continue;
            int lineNo = li + 1;
            string[] cells = line.Split(',');
            int quote = QuoteCell(cells);
            if (quote >= 0) return QuoteError(shown, lineNo, quote < width ? names[quote] : $"#{quote + 1}");
            if (cells.Length != width)
            {
                return Fail($"{shown} line {lineNo}: {cells.Length} cells, expected {width} (one per header column: {List(names)})");
            }
            if ((long)(y.Count + 1) * features > Array.MaxLength) return Fail($"{shown} line {lineNo}: too many rows; at most {Array.MaxLength / features} rows of {features} features");
            for (int c = 0; c < width; c++)
            {
                string cell = cells[c].Trim();
                if (c == labelColumn)
                {
                    var parsed = ParseLabel(shown, lineNo, names[c], cell, classes);
                    if (!parsed.Success) return Fail(parsed.Error!);
                    y.Add(parsed.Value);
                    maxLabel = Math.Max(maxLabel, parsed.Value);
                }
                else
                {
                    var parsed = ParseFeature(shown, lineNo, names[c], cell);
                    if (!parsed.Success) return Fail(parsed.Error!);
                    x.Add(parsed.Value);
                }
            }
        }
        if (y.Count == 0) return Fail($"{shown}: only a header (line {headerLine + 1}), no data rows; expected at least one row of {width} cells after the header");
        int count = classes ?? maxLabel + 1;
        if (count < 2)
        {
            return Fail($"{shown} column '{names[labelColumn]}': every label is {maxLabel}; a classifier needs at least 2 classes (labels 0..C−1), or set data.classes");
        }
        return ParseResult<TabularDataset>.Ok(new TabularDataset(System.IO.Path.GetFileName(shown), [.. x], [.. y], features, count, featureNames));
    }

    private static ParseResult<(string[] Names, int LabelColumn)> Header(string shown, int lineNo, string line, string? label)
    {
        string[] names = [.. line.Split(',').Select(c => c.Trim())];
        int quote = QuoteCell(names);
        if (quote >= 0) return ParseResult<(string[], int)>.Fail(QuoteError(shown, lineNo, $"#{quote + 1}").Error!);
        for (int i = 0; i < names.Length; i++)
        {
            if (names[i].Length == 0) return ParseResult<(string[], int)>.Fail($"{shown} line {lineNo} (header): column {i + 1} has no name; every column needs a unique name");
            int first = Array.IndexOf(names, names[i]);
            if (first != i)
            {
                return ParseResult<(string[], int)>.Fail($"{shown} line {lineNo} (header): column name '{names[i]}' appears twice (columns {first + 1} and {i + 1}); column names must be unique");
            }
        }
        if (names.Length < 2)
        {
            return ParseResult<(string[], int)>.Fail($"{shown} line {lineNo} (header): only one column ('{names[0]}'); expected at least one feature column and the label column, separated by commas");
        }
        if (label is null) return ParseResult<(string[], int)>.Ok((names, names.Length - 1));
        int column = Array.IndexOf(names, label);
        if (column >= 0) return ParseResult<(string[], int)>.Ok((names, column));
        string? guess = DidYouMean.Suggest(label, names);
        string hint = guess is null ? "" : $"did you mean '{guess}'? ";
        return ParseResult<(string[], int)>.Fail($"data.label = {label}: no such column in {shown} (line {lineNo}); {hint}columns: {List(names)}");
    }

    private static ParseResult<float> ParseFeature(string shown, int lineNo, string column, string cell)
    {
        string at = $"{shown} line {lineNo} column '{column}'";
        const string Allowed = "features must be finite decimal numbers such as 0.5, -3 or 1e-4, within float32 range (±3.4028235e38)";
        if (cell.Length == 0) return ParseResult<float>.Fail($"{at}: empty cell; {Allowed}");
        if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
        {
            return ParseResult<float>.Fail($"{at}: '{Clip(cell)}' is not a number; {Allowed}");
        }
        if (double.IsNaN(v)) return ParseResult<float>.Fail($"{at}: '{Clip(cell)}' is NaN; {Allowed}");
        if (double.IsInfinity(v) && !cell.Any(char.IsAsciiDigit)) return ParseResult<float>.Fail($"{at}: '{Clip(cell)}' is infinite; {Allowed}");
        if (float.IsInfinity((float)v)) return ParseResult<float>.Fail($"{at}: '{Clip(cell)}' is beyond float32 range; {Allowed}");
        return ParseResult<float>.Ok((float)v);
    }

    private static ParseResult<int> ParseLabel(string shown, int lineNo, string column, string cell, int? classes)
    {
        int limit = classes ?? MaxClasses;
        string at = $"{shown} line {lineNo} column '{column}' (label)";
        string allowed = classes is null
            ? $"labels must be whole numbers 0..C−1 written without a decimal point (C ≤ {MaxClasses})"
            : $"labels must be whole numbers 0..{classes - 1} (data.classes = {classes}) written without a decimal point";
        if (cell.Length == 0) return ParseResult<int>.Fail($"{at}: empty cell; {allowed}");
        if (long.TryParse(cell, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l))
        {
            if (l < 0) return ParseResult<int>.Fail($"{at}: {cell} is negative; {allowed}");
            if (l >= limit) return ParseResult<int>.Fail($"{at}: {cell} is too large; {allowed}");
            return ParseResult<int>.Ok((int)l);
        }
        string digits = cell.TrimStart('+', '-');
        if (digits.Length > 0 && digits.All(char.IsAsciiDigit))
        {
            return ParseResult<int>.Fail($"{at}: {Clip(cell)} is {(cell.StartsWith('-') ? "negative" : "too large")}; {allowed}");
        }
        if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            return ParseResult<int>.Fail($"{at}: '{Clip(cell)}' is not a whole number; {allowed}");
        }
        return ParseResult<int>.Fail($"{at}: '{Clip(cell)}' is not a number; {allowed}");
    }

    private static int QuoteCell(string[] cells) => Array.FindIndex(cells, c => c.Contains('"', StringComparison.Ordinal));

    private static ParseResult<TabularDataset> QuoteError(string shown, int lineNo, string column) =>
        Fail($"{shown} line {lineNo} column '{column}': found a double quote; quoted cells are not supported, write plain unquoted numbers and names without commas or quotes");

    private static ParseResult<TabularDataset> Fail(string message) => ParseResult<TabularDataset>.Fail(message);

    private static string List(string[] names) => names.Length <= 12 ? string.Join(", ", names) : string.Join(", ", names.Take(12)) + $", … ({names.Length} columns)";

    private static string Clip(string cell) => cell.Length <= 40 ? cell : string.Concat(cell.AsSpan(0, 37), "...");
}
