using System.Text;

namespace Stepwise.Analysis.Dynamics;

/// <summary>
/// Splits a text into passages and cuts each to a training sequence. Passages end at blank lines: a run of lines that
/// are empty or whitespace only separates passages, a passage's lines are joined with "\n" (the rule of
/// <c>data.split: blank_line</c>, docs/data.md), so the passages file written for training splits back into the same
/// passages.
/// </summary>
public static class PassageText
{
    private static readonly UTF8Encoding Utf8 = new(false, true);

    /// <summary>The passages of <paramref name="text"/> in order.</summary>
    public static IReadOnlyList<string> Split(string text) => Training.Data.BlankLinePassages.Split(text);

    /// <summary>
    /// The longest prefix of <paramref name="passage"/> whose UTF-8 encoding has at most <paramref name="maxTokens"/>
    /// bytes and ends at a character boundary, with trailing whitespace removed (so that it is a passage of the
    /// passages file as written); its bytes are the token ids.
    /// </summary>
    public static (string Text, int[] Tokens) Cut(string passage, int maxTokens)
    {
        ArgumentNullException.ThrowIfNull(passage);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 1);
        var sb = new StringBuilder();
        int bytes = 0;
        foreach (Rune r in passage.EnumerateRunes())
        {
            if (bytes + r.Utf8SequenceLength > maxTokens) break;
            bytes += r.Utf8SequenceLength;
            sb.Append(r.ToString());
        }
        string cut = sb.ToString().TrimEnd();
        byte[] encoded = Utf8.GetBytes(cut);
        return (cut, Array.ConvertAll(encoded, b => (int)b));
    }
}
