using System.Text;
using nietras.SeparatedValues;

namespace Stepwise.Training.Data;

internal static partial class CsvTableReader
{
    /// <summary>
    /// Reads a CSV for prediction (docs/data.md): the header must name every one of <paramref name="features"/> (in any
    /// order; other columns are ignored), cells follow the training rules (RFC 4180 quoting, finite float32 numbers), and
    /// <paramref name="label"/>'s column is read as text when present. Errors are one line naming <paramref name="key"/>,
    /// the file, line and column.
    /// </summary>
    public static ParseResult<CsvFeatureRows> ReadFeatures(string key, string shown, string resolved, IReadOnlyList<string> features, string? label)
    {
        string wanted = $"a CSV file with a header row naming the model's features ({CsvHeader.List([.. features])})";
        var opened = Open(shown, resolved, key, wanted);
        if (!opened.TryGetValue(out Stream? stream)) return ParseResult<CsvFeatureRows>.Fail(opened.Error!);
        int line = 1;
        try
        {
            using var text = new CappedTextReader(new StreamReader(stream, Strict, detectEncodingFromByteOrderMarks: false, 1 << 16), DataLimits.MaxCsvBytes);
            if (text.Peek() == '\uFEFF') text.Read();
            using var reader = Sep.New(',').Reader(o => o with { HasHeader = false, DisableColCountCheck = true, CultureInfo = Invariant }).From(text);
            int[]? columns = null;
            int labelColumn = -1, width = 0;
            var x = new List<float>();
            var lines = new List<int>();
            var labels = new List<string>();
            foreach (var row in reader)
            {
                int rowLine = line;
                var span = row.Span;
                line += Breaks(span) + 1;
                if (span.IsWhiteSpace()) continue;
                if (span.Length > DataLimits.MaxCsvRowChars) return Fail(Limit(shown, rowLine, $"a row of {span.Length:N0} characters, more than the {DataLimits.MaxCsvRowChars:N0} allowed"));
                if (columns is null)
                {
                    var names = new string[row.ColCount];
                    for (int c = 0; c < names.Length; c++)
                    {
                        if (Cell(shown, rowLine, span, row[c].Span, $"#{c + 1}", out var v) is { } quoting) return Fail(quoting);
                        names[c] = v.Trim().ToString();
                    }
                    columns = new int[features.Count];
                    for (int f = 0; f < features.Count; f++)
                    {
                        columns[f] = Array.IndexOf(names, features[f]);
                        if (columns[f] < 0)
                        {
                            string? guess = Configuration.DidYouMean.Suggest(features[f], names);
                            return Fail($"{key} = {shown}: line {rowLine}: no column '{features[f]}'{(guess is null ? "" : $" (did you mean '{guess}'?)")}; the model reads {CsvHeader.List([.. features])}");
                        }
                    }
                    labelColumn = label is null ? -1 : Array.IndexOf(names, label);
                    width = names.Length;
                    continue;
                }
                if (row.ColCount != width) return Fail(Inv($"{shown} line {rowLine}: {row.ColCount} cells, expected {width} (one per header column)"));
                for (int f = 0; f < columns.Length; f++)
                {
                    var raw = row[columns[f]].Span;
                    if (Cell(shown, rowLine, span, raw, features[f], out var value) is { } problem) return Fail(problem);
                    if (Feature(shown, rowLine + LineOffset(span, raw), features[f], value, x) is { } error) return Fail(error);
                }
                if (labelColumn >= 0)
                {
                    var raw = row[labelColumn].Span;
                    if (Cell(shown, rowLine, span, raw, label!, out var value) is { } problem) return Fail(problem);
                    labels.Add(value.Trim().ToString());
                }
                lines.Add(rowLine);
            }
            if (columns is null) return Fail($"{key} = {shown}: the file is empty; give {wanted}");
            if (lines.Count == 0) return Fail($"{key} = {shown}: only a header, no rows to predict");
            return ParseResult<CsvFeatureRows>.Ok(new CsvFeatureRows([.. x], [.. lines], labelColumn >= 0 ? [.. labels] : null));
        }
        catch (DecoderFallbackException)
        {
            return Fail(InvalidUtf8(shown, resolved));
        }
        catch (CappedTextReader.LimitExceededException)
        {
            return Fail(Limit(shown, line, $"the file holds more than {DataLimits.MaxCsvBytes:N0} bytes (1 GiB), the limit for a CSV"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail($"{key} = {shown}: cannot read {resolved} ({e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")})");
        }

        static ParseResult<CsvFeatureRows> Fail(string message) => ParseResult<CsvFeatureRows>.Fail(message);
    }
}
