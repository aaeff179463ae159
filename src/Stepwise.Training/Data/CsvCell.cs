namespace Stepwise.Training.Data;

/// <summary>
/// One raw CSV cell as the splitter found it, read by RFC 4180: whitespace around the cell is trimmed; a cell that then
/// starts with <c>"</c> is quoted and must end with the matching <c>"</c>, a doubled <c>""</c> inside standing for one
/// quote (commas and line breaks inside are text); an unquoted cell holds no quote at all.
/// </summary>
internal static class CsvCell
{
    /// <summary>What is wrong with a cell's quoting.</summary>
    public enum Problem
    {
        /// <summary>Well formed.</summary>
        None,
        /// <summary>A quoted cell whose closing quote is missing.</summary>
        Unclosed,
        /// <summary>Text after a quoted cell's closing quote.</summary>
        AfterClosingQuote,
        /// <summary>A quote inside an unquoted cell.</summary>
        QuoteInPlainCell,
    }

    /// <summary>The cell's value (trimmed; unquoted and unescaped when quoted), or the problem.</summary>
    public static Problem Read(ReadOnlySpan<char> raw, out ReadOnlySpan<char> value)
    {
        var cell = raw.Trim();
        value = cell;
        if (cell.IsEmpty || cell[0] != '"') return cell.Contains('"') ? Problem.QuoteInPlainCell : Problem.None;
        var inner = cell[1..];
        int close = -1;
        bool escaped = false;
        for (int i = 0; i < inner.Length; i++)
        {
            if (inner[i] != '"') continue;
            if (i + 1 < inner.Length && inner[i + 1] == '"')
            {
                escaped = true;
                i++;
                continue;
            }
            close = i;
            break;
        }
        if (close < 0) return Problem.Unclosed;
        if (close != inner.Length - 1) return Problem.AfterClosingQuote;
        var text = inner[..close];
        value = escaped ? text.ToString().Replace("\"\"", "\"", StringComparison.Ordinal) : text;
        return Problem.None;
    }

    /// <summary>The one-line explanation of <paramref name="problem"/>.</summary>
    public static string Explain(Problem problem) => problem switch
    {
        Problem.Unclosed => "a quoted cell that is never closed (RFC 4180: a cell starting with \" ends with \" before the next comma or line end; a quote inside is written \"\")",
        Problem.AfterClosingQuote => "text after the closing quote (RFC 4180: a quoted cell ends right after its closing \"; a quote inside is written \"\")",
        _ => "a double quote inside an unquoted cell (RFC 4180: quote the whole cell, \"like \"\"this\"\"\", or remove the quote)",
    };
}
