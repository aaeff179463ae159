using System.Globalization;
using System.Text;
using nietras.SeparatedValues;

namespace Stepwise.Training.Data;

/// <summary>
/// Reads a CSV with a header row into a <see cref="TabularDataset"/> (docs/data.md#csv-rules). The Sep library splits
/// rows and cells (RFC 4180: quoted cells may hold commas, doubled quotes and line breaks); this class checks each cell's
/// quoting strictly (<see cref="CsvCell"/>), skips blank lines and the index column, parses features as finite float32
/// numbers and reads labels (<see cref="CsvLabels"/>: whole numbers, or class names mapped to ids). The file streams
/// through once; the <see cref="DataLimits"/> are checked as it goes. Every problem is one line naming the file, line
/// and column, and what is allowed; nothing here throws for user input.
/// </summary>
internal static partial class CsvTableReader
{
    /// <summary>Labels must be below this (so the class count stays a sane output width).</summary>
    public const int MaxClasses = 65_536;

    private const string Wanted = "a CSV file with a header row, numeric feature columns and a label column";
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static readonly UTF8Encoding Strict = new(false, true);

    /// <summary>Reads the file.</summary>
    /// <param name="shown">The path as the user wrote it (messages name it, and the dataset takes its file name).</param>
    /// <param name="resolved">The path to open.</param>
    /// <param name="label">data.label, or null for the last column.</param>
    /// <param name="classes">data.classes, or null.</param>
    /// <param name="indexColumn">data.index_column, or null.</param>
    /// <param name="split">The file of a split beside the train file (<see cref="SplitFiles"/>): one class is enough.</param>
    public static ParseResult<CsvTable> Read(string shown, string resolved, string? label, int? classes, string? indexColumn, bool split = false)
    {
        var opened = Open(shown, resolved);
        if (!opened.TryGetValue(out Stream? stream)) return Fail(opened.Error!);
        int line = 1;
        try
        {
            using var text = new CappedTextReader(new StreamReader(stream, Strict, detectEncodingFromByteOrderMarks: false, 1 << 16), DataLimits.MaxCsvBytes);
            if (text.Peek() == '\uFEFF') text.Read();
            using var reader = Sep.New(',').Reader(o => o with { HasHeader = false, DisableColCountCheck = true, CultureInfo = Invariant }).From(text);
            return ReadRows(shown, reader, label, classes, indexColumn, split, ref line);
        }
        catch (DecoderFallbackException)
        {
            return Fail(InvalidUtf8(shown, resolved));
        }
        catch (CappedTextReader.LimitExceededException)
        {
            return Fail(Limit(shown, line, $"the file holds more than {DataLimits.MaxCsvBytes:N0} bytes (1 GiB), the limit for a CSV"));
        }
        catch (NotSupportedException)
        {
            // Sep's own row cap (16 Mi characters) is above ours: a row that long never ends (an unclosed quote?).
            return Fail(Limit(shown, line, $"a row longer than {DataLimits.MaxCsvRowChars:N0} characters (an unclosed quote runs to the end of the file)"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail($"data.path = {shown}: cannot read {resolved} ({e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}); give a readable file holding {Wanted}");
        }
    }

    private static ParseResult<CsvTable> ReadRows(string shown, SepReader reader, string? label, int? classes, string? indexColumn, bool split, ref int line)
    {
        CsvHeader? header = null;
        CsvLabels? labels = null;
        var x = new List<float>();
        int headerLine = 0, features = 0;
        foreach (var row in reader)
        {
            int rowLine = line;
            var span = row.Span;
            line = checked(line + Breaks(span) + 1);
            if (span.Length > DataLimits.MaxCsvRowChars) return Fail(Limit(shown, rowLine, $"a row of {span.Length:N0} characters, more than the {DataLimits.MaxCsvRowChars:N0} allowed"));
            if (row.ColCount == 1 && span.Trim().IsEmpty) continue;
            if (header is null)
            {
                if (row.ColCount > DataLimits.MaxCsvColumns)
                    return Fail(Limit(shown, rowLine, $"the header has {row.ColCount:N0} columns, more than the {DataLimits.MaxCsvColumns:N0} allowed"));
                var names = new string[row.ColCount];
                for (int c = 0; c < names.Length; c++)
                {
                    var cell = Cell(shown, rowLine, span, row[c].Span, $"#{c + 1}", out var value);
                    if (cell is not null) return Fail(cell);
                    names[c] = value.ToString();
                }
                var checkedHeader = CsvHeader.Check(shown, rowLine, names, label, indexColumn);
                if (!checkedHeader.TryGetValue(out header)) return Fail(checkedHeader.Error!);
                headerLine = rowLine;
                features = header.Names.Length - (header.Index >= 0 ? 2 : 1);
                labels = new CsvLabels(shown, header.Names[header.Label], classes, split);
                continue;
            }
            int width = header.Names.Length;
            if (row.ColCount != width)
            {
                // A quote problem (an unclosed quote swallows the rest of the file) is the likelier cause: say that.
                for (int c = 0; c < row.ColCount; c++)
                {
                    if (Cell(shown, rowLine, span, row[c].Span, c < width ? header.Names[c] : $"#{c + 1}", out _) is { } quoting) return Fail(quoting);
                }
                return Fail(Inv($"{shown} line {rowLine}: {row.ColCount} cells, expected {width} (one per header column: {CsvHeader.List(header.Names)})"));
            }
            if ((long)(labels!.Count + 1) * features > Array.MaxLength)
                return Fail(Inv($"{shown} line {rowLine}: too many rows; at most {Array.MaxLength / features} rows of {features} features"));
            for (int c = 0; c < width; c++)
            {
                if (c == header.Index) continue;
                var colSpan = row[c].Span;
                string column = header.Names[c];
                var problem = Cell(shown, rowLine, span, colSpan, column, out var value);
                if (problem is not null) return Fail(problem);
                int cellLine = rowLine + LineOffset(span, colSpan);
                string? error = c == header.Label ? labels.Add(cellLine, value) : Feature(shown, cellLine, column, value, x);
                if (error is not null) return Fail(error);
            }
        }
        if (header is null) return Fail($"{shown}: the file is empty; expected {Wanted}");
        if (labels!.Count == 0)
            return Fail(Inv($"{shown}: only a header (line {headerLine}), no data rows; expected at least one row of {header.Names.Length} cells after the header"));
        var finished = labels.Finish();
        if (!finished.TryGetValue(out var y)) return Fail(finished.Error!);
        var dataset = new TabularDataset(Path.GetFileName(shown), [.. x], y.Y, features, y.Classes, header.FeatureNames);
        return ParseResult<CsvTable>.Ok(new CsvTable(dataset, y.Names, header.Notes));
    }

    /// <summary>Reads one cell's quoting; null when fine, else the error at the cell's own line.</summary>
    private static string? Cell(string shown, int rowLine, ReadOnlySpan<char> row, ReadOnlySpan<char> raw, string column, out ReadOnlySpan<char> value)
    {
        var problem = CsvCell.Read(raw, out value);
        if (problem == CsvCell.Problem.None) return null;
        return Inv($"{shown} line {rowLine + LineOffset(row, raw)} column '{column}': {CsvCell.Explain(problem)}");
    }

    private static string? Feature(string shown, int lineNo, string column, ReadOnlySpan<char> cell, List<float> x)
    {
        string at = Inv($"{shown} line {lineNo} column '{column}'");
        const string Allowed = "features must be finite decimal numbers such as 0.5, -3 or 1e-4, within float32 range (±3.4028235e38)";
        cell = cell.Trim();
        if (cell.IsEmpty) return $"{at}: empty cell; {Allowed}";
        // Parse as double, then round to float32: the same value the reader has always produced (data fingerprints
        // of files that loaded before stay the same).
        if (!double.TryParse(cell, NumberStyles.Float, Invariant, out double v)) return $"{at}: '{Clip(cell)}' is not a number; {Allowed}";
        if (double.IsNaN(v)) return $"{at}: '{Clip(cell)}' is NaN; {Allowed}";
        if (double.IsInfinity(v) && cell.IndexOfAnyInRange('0', '9') < 0) return $"{at}: '{Clip(cell)}' is infinite; {Allowed}";
        if (float.IsInfinity((float)v)) return $"{at}: '{Clip(cell)}' is beyond float32 range; {Allowed}";
        x.Add((float)v);
        return null;
    }

    private static ParseResult<Stream> Open(string shown, string resolved, string key = "data.path", string wanted = Wanted)
    {
        try
        {
            if (Directory.Exists(resolved)) return ParseResult<Stream>.Fail($"{key} = {shown}: is a folder ({resolved}); give {wanted}");
            if (!File.Exists(resolved)) return ParseResult<Stream>.Fail($"{key} = {shown}: file not found (looked for {resolved}); give {wanted}");
            var stream = new FileStream(resolved, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            if (stream.CanSeek && stream.Length > DataLimits.MaxCsvBytes)
            {
                long length = stream.Length;
                stream.Dispose();
                return ParseResult<Stream>.Fail(Inv($"{shown}: {length:N0} bytes, over the limit of {DataLimits.MaxCsvBytes:N0} bytes (1 GiB) for a CSV file (limits: docs/data.md)"));
            }
            return ParseResult<Stream>.Ok(stream);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return ParseResult<Stream>.Fail($"{key} = {shown}: cannot read {resolved} ({e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}); give a readable file holding {wanted}");
        }
    }

    /// <summary>The first invalid byte's line and offset, found by reading the file again (only on this error path).</summary>
    private static string InvalidUtf8(string shown, string resolved)
    {
        using var stream = File.OpenRead(resolved);
        var buffer = new byte[Math.Min(stream.Length, DataLimits.MaxCsvBytes)];
        stream.ReadExactly(buffer);
        return StrictText.InvalidUtf8Message(shown, buffer);
    }

    /// <summary>Line breaks inside a row (LF, CR LF and a lone CR each count once), as the splitter counts them.</summary>
    private static int Breaks(ReadOnlySpan<char> s)
    {
        int n = 0;
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '\n') n++;
            else if (s[i] == '\r' && (i + 1 >= s.Length || s[i + 1] != '\n')) n++;
        }
        return n;
    }

    /// <summary>Line breaks in <paramref name="row"/> before the cell <paramref name="cell"/> (a slice of it) starts.</summary>
    private static int LineOffset(ReadOnlySpan<char> row, ReadOnlySpan<char> cell) =>
        row.Overlaps(cell, out int offset) && offset > 0 ? Breaks(row[..offset]) : 0;

    private static string Limit(string shown, int line, FormattableString what) =>
        Inv($"{shown} line {line}: {what.ToString(Invariant)} (limits: docs/data.md)");

    private static string Clip(ReadOnlySpan<char> cell) => cell.Length <= 40 ? cell.ToString() : string.Concat(cell[..37], "...");

    private static string Inv(FormattableString s) => s.ToString(Invariant);

    private static ParseResult<CsvTable> Fail(string message) => ParseResult<CsvTable>.Fail(message);
}
