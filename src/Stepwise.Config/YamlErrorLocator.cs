using System.Globalization;
using YamlDotNet.Core;

namespace Stepwise.Config;

/// <summary>
/// Turns a YamlDotNet failure into the line and column a person sees in an editor (1-based) and a plain message.
/// YamlDotNet's <see cref="YamlException.Start"/> is often where the surrounding construct began, not where the problem
/// is: a tab in the indentation of line 3 is reported at the end of line 2, or at the mapping's start on line 1; an
/// unclosed <c>[</c> at the end of the file. Each case below names the mark that points at the problem (docs/config.md).
/// </summary>
internal static class YamlErrorLocator
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The one-line message for <paramref name="e"/> (null: a failure that is not a <see cref="YamlException"/>).</summary>
    /// <param name="e">What YamlDotNet threw.</param>
    /// <param name="text">The text that was parsed (BOM removed).</param>
    /// <param name="builder">The tree builder, for the collections still open when the parser stopped.</param>
    public static (long Line, long Column, string Message) Locate(Exception e, string text, YamlTreeBuilder builder)
    {
        string raw = e is YamlException y ? Plain(y.Message) : "";
        Mark start = e is YamlException ys ? ys.Start : builder.LastEnd;
        Mark end = e is YamlException ye ? ye.End : builder.LastEnd;

        if (raw.Contains("tab", StringComparison.OrdinalIgnoreCase) && IndentTab(text, (int)Math.Min(start.Index, text.Length)) is { } tab)
            return (tab.Line, tab.Column, "a tab in the indentation; YAML indents with spaces only");

        var flow = builder.Open.Where(o => o.Flow).Select(o => ((Mark Start, bool Mapping)?)(o.Start, o.Mapping)).FirstOrDefault();
        bool atEnd = start.Index >= text.TrimEnd().Length;
        if (flow is { } open && (e is not YamlException || atEnd || raw.Contains("did not find expected ','", StringComparison.Ordinal)))
        {
            char bracket = open.Mapping ? '{' : '[';
            char closer = open.Mapping ? '}' : ']';
            return (open.Start.Line, open.Start.Column, $"the '{bracket}' opened here is never closed (add '{closer}', or put each entry on its own line)");
        }
        if (raw.Contains("end of stream", StringComparison.Ordinal) && raw.Contains("quoted scalar", StringComparison.Ordinal))
        {
            char quote = start.Index < text.Length ? text[(int)start.Index] : '"';
            return (start.Line, start.Column, $"the quoted value opened here is never closed (add the closing {quote})");
        }
        if (raw.Contains("quoted scalar", StringComparison.Ordinal) && raw.Contains("wrong indentation", StringComparison.Ordinal))
        {
            char quote = start.Index < text.Length ? text[(int)start.Index] : '"';
            return (start.Line, start.Column, $"the quoted value opened here is not closed on its line (add the closing {quote})");
        }
        if (raw.Contains("found invalid mapping", StringComparison.Ordinal))
            return (start.Line, start.Column, "unexpected ':' here; a value holding ': ' needs quotes, and a key must line up with the keys above it");
        if (raw.Contains("did not find expected key", StringComparison.Ordinal))
            return (start.Line, start.Column, "expected a 'key: value' line here, lined up with the keys above it (check the indentation and brackets)");
        if (raw.Contains("could not find expected ':'", StringComparison.Ordinal))
            return (start.Line, start.Column, "a key needs ': ' after it (key: value)");
        if (raw.Contains("unknown escape", StringComparison.Ordinal))
            return (end.Line, end.Column, "unknown escape sequence in a double-quoted value; write \\\\ for a backslash, or use single quotes");
        if (raw.Contains("cannot start any token", StringComparison.Ordinal))
        {
            char c = start.Index < text.Length ? text[(int)start.Index] : ' ';
            return (start.Line, start.Column, string.Create(Inv, $"'{c}' cannot start a plain value; put the value in quotes"));
        }
        if (e is not YamlException) return (builder.LastEnd.Line, builder.LastEnd.Column, "the YAML parser stopped here: " + Plain(e.Message));
        return (start.Line, start.Column, Trim(raw));
    }

    /// <summary>The first tab in a line's leading whitespace, on the line holding <paramref name="from"/> or a later one.
    /// Lines end at LF, CR LF or a lone CR, as YamlDotNet counts them.</summary>
    private static (long Line, long Column)? IndentTab(string text, int from)
    {
        long line = 1;
        int lineStart = 0;
        while (lineStart <= text.Length)
        {
            int lineEnd = text.IndexOfAny(['\n', '\r'], lineStart);
            if (lineEnd < 0) lineEnd = text.Length;
            if (lineEnd >= from)
            {
                for (int j = lineStart; j < lineEnd && text[j] is ' ' or '\t'; j++)
                {
                    if (text[j] == '\t') return (line, j - lineStart + 1);
                }
            }
            if (lineEnd == text.Length) break;
            lineStart = lineEnd + (text[lineEnd] == '\r' && lineEnd + 1 < text.Length && text[lineEnd + 1] == '\n' ? 2 : 1);
            line++;
        }
        return null;
    }

    private static string Plain(string message) => message.Replace('\n', ' ').Replace('\r', ' ').Trim();

    /// <summary>YamlDotNet prefixes some messages with "(Line: 1, Col: 2, Idx: 3) - (…): "; the position is given separately.</summary>
    private static string Trim(string message)
    {
        int paren = message.IndexOf("): ", StringComparison.Ordinal);
        message = paren >= 0 && message.StartsWith('(') ? message[(paren + 3)..] : message;
        return message.Replace("  ", " ", StringComparison.Ordinal);
    }
}
