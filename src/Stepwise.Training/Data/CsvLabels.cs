using System.Globalization;

namespace Stepwise.Training.Data;

/// <summary>
/// The label column, read cell by cell. Labels are either all whole numbers 0..C−1 (as before: the label is the
/// number) or all class names (any cell that is not a number makes the column named): names map to ids by sorted
/// ordinal order of the distinct names (<see cref="StringComparer.Ordinal"/>, as scikit-learn's LabelEncoder sorts), so
/// the ids do not depend on row order. A column mixing numbers and names is an error at the first cell of the minority kind seen.
/// </summary>
/// <remarks>A split with its own file (<paramref name="split"/>) may hold a single class, and its class names need not
/// be all of data.classes: the train file fixes those (<see cref="SplitFiles"/>).</remarks>
internal sealed class CsvLabels(string shown, string column, int? classes, bool split = false)
{
    private readonly List<int> _values = [];
    private readonly Dictionary<string, int> _nameIds = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];
    private (int Line, string Text)? _firstNumber;
    private (int Line, string Text)? _firstName;
    private int _maxLabel = -1;

    /// <summary>Rows read.</summary>
    public int Count => _values.Count;

    /// <summary>Reads one label cell (trimmed, unquoted); null when fine, else the one-line error.</summary>
    public string? Add(int lineNo, ReadOnlySpan<char> cell)
    {
        string at = string.Create(CultureInfo.InvariantCulture, $"{shown} line {lineNo} column '{column}' (label)");
        int limit = classes ?? CsvTableReader.MaxClasses;
        string allowed = classes is null
            ? $"labels must be whole numbers 0..C−1 written without a decimal point (C ≤ {CsvTableReader.MaxClasses}), or class names"
            : $"labels must be whole numbers 0..{classes - 1} (data.classes = {classes}) written without a decimal point, or class names";
        var text = cell.Trim();
        if (text.IsEmpty) return $"{at}: empty cell; {allowed}";
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            string name = cell.ToString().ReplaceLineEndings("\n");
            if (_firstNumber is { } n)
                return $"{at}: '{Clip(name)}' is a class name, but line {n.Line} holds the number {Clip(n.Text)}; labels are all whole numbers 0..C−1 or all class names";
            _firstName ??= (lineNo, name);
            if (!_nameIds.TryGetValue(name, out int id))
            {
                if (_names.Count >= CsvTableReader.MaxClasses)
                    return string.Create(CultureInfo.InvariantCulture, $"{at}: '{Clip(name)}' would be class name {_names.Count + 1}; at most {CsvTableReader.MaxClasses} classes");
                id = _names.Count;
                _nameIds.Add(name, id);
                _names.Add(name);
            }
            _values.Add(id);
            return null;
        }
        if (_firstName is { } f)
            return $"{at}: {Clip(text.ToString())} is a number, but line {f.Line} holds the class name '{Clip(f.Text)}'; labels are all whole numbers 0..C−1 or all class names";
        _firstNumber ??= (lineNo, text.ToString());
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l))
        {
            if (l < 0) return $"{at}: {text} is negative; {allowed}";
            if (l >= limit) return $"{at}: {text} is too large; {allowed}";
            _values.Add((int)l);
            _maxLabel = Math.Max(_maxLabel, (int)l);
            return null;
        }
        var digits = text.TrimStart("+-");
        if (digits.Length > 0 && digits.IndexOfAnyExceptInRange('0', '9') < 0)
            return $"{at}: {Clip(text.ToString())} is {(text[0] == '-' ? "negative" : "too large")}; {allowed}";
        return $"{at}: '{Clip(text.ToString())}' is not a whole number; {allowed}";
    }

    /// <summary>The labels as ids, the class count and the class names (null for numeric labels), or the error.</summary>
    public ParseResult<(int[] Y, int Classes, IReadOnlyList<string>? Names)> Finish()
    {
        if (_firstName is null)
        {
            int count = classes ?? _maxLabel + 1;
            if (count < 2 && !split)
            {
                return ParseResult<(int[], int, IReadOnlyList<string>?)>.Fail(string.Create(CultureInfo.InvariantCulture,
                    $"{shown} column '{column}': every label is {_maxLabel}; a classifier needs at least 2 classes (labels 0..C−1), or set data.classes"));
            }
            return ParseResult<(int[], int, IReadOnlyList<string>?)>.Ok(([.. _values], count, null));
        }
        if (_names.Count < 2 && !split)
        {
            return ParseResult<(int[], int, IReadOnlyList<string>?)>.Fail(
                $"{shown} column '{column}': every label is '{Clip(_names[0])}'; a classifier needs at least 2 classes");
        }
        if (classes is { } c && c != _names.Count && !split)
        {
            return ParseResult<(int[], int, IReadOnlyList<string>?)>.Fail(string.Create(CultureInfo.InvariantCulture,
                $"data.classes = {c}: {shown} column '{column}' names {_names.Count} classes ({List()}); remove data.classes, the names fix the count"));
        }
        string[] sorted = [.. _names.Order(StringComparer.Ordinal)];
        var rank = new int[_names.Count];
        for (int i = 0; i < sorted.Length; i++) rank[_nameIds[sorted[i]]] = i;
        var y = new int[_values.Count];
        for (int i = 0; i < y.Length; i++) y[i] = rank[_values[i]];
        return ParseResult<(int[], int, IReadOnlyList<string>?)>.Ok((y, sorted.Length, Array.AsReadOnly(sorted)));
    }

    private string List()
    {
        var sorted = _names.Order(StringComparer.Ordinal).Take(8).Select(n => Clip(n));
        return string.Join(", ", sorted) + (_names.Count > 8 ? ", …" : "");
    }

    private static string Clip(string cell)
    {
        cell = cell.ReplaceLineEndings("\\n");
        return cell.Length <= 40 ? cell : string.Concat(cell.AsSpan(0, 37), "...");
    }
}
