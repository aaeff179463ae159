using System.Globalization;

namespace Stepwise.Training.Data;

/// <summary>
/// Turns text into language-model samples. Passages end at blank lines (split "blank_line": a run of lines that are
/// empty or whitespace only separates passages, and a passage's lines are joined with "\n") or the whole text is one
/// passage (split "fixed"). A passage of L ≥ 2 tokens gives ceil((L−1)/C) windows starting at 0, C, 2C, …: window s
/// has inputs t[s..s+C−1] and targets t[s+1..s+C]; positions past the passage's end hold input
/// <see cref="SequenceDataset.PadId"/> and target −1. So every token but a passage's first is a target exactly once.
/// Passages of fewer than 2 tokens give no window.
/// </summary>
internal static class TextWindows
{
    public static ParseResult<SequenceDataset> Build(string name, string shown, string text, string vocabulary, int context, string split)
    {
        if (text.Length == 0) return ParseResult<SequenceDataset>.Fail($"{shown}: the file is empty; give UTF-8 text with at least one passage of 2 or more tokens");
        List<string> passages = split == "fixed" ? [text] : BlankLinePassages.Split(text);
        var vocab = vocabulary == "chars" ? TextVocabulary.FromChars(text) : TextVocabulary.Bytes;
        var tokens = new List<int[]>(passages.Count);
        long windows = 0;
        int longest = 0;
        foreach (string p in passages)
        {
            int[] ids = vocab.Encode(p);
            longest = Math.Max(longest, ids.Length);
            if (ids.Length < 2) continue;
            tokens.Add(ids);
            windows += (ids.Length - 1 + (long)context - 1) / context;
        }
        if (windows == 0)
        {
            return ParseResult<SequenceDataset>.Fail(string.Create(CultureInfo.InvariantCulture,
                $"{shown}: no passage has at least 2 tokens (a window needs one input and its target); {passages.Count} passage(s) with data.split = {split}, the longest has {longest} {vocabulary} token(s)"));
        }
        if (windows * context > Array.MaxLength)
        {
            return ParseResult<SequenceDataset>.Fail(string.Create(CultureInfo.InvariantCulture,
                $"{shown}: {windows} windows × {context} tokens is too much data; at most {Array.MaxLength} tokens in all (use a smaller file)"));
        }
        var inputs = new int[windows * context];
        var targets = new int[inputs.Length];
        Array.Fill(targets, SequenceDataset.IgnoreIndex);
        int row = 0;
        foreach (int[] t in tokens)
        {
            for (int s = 0; s + 1 < t.Length; s += context)
            {
                int at = row * context;
                for (int j = 0; j < context && s + j < t.Length; j++) inputs[at + j] = t[s + j];
                for (int j = 0; j < context && s + j + 1 < t.Length; j++) targets[at + j] = t[s + j + 1];
                row++;
            }
        }
        return ParseResult<SequenceDataset>.Ok(new SequenceDataset(name, inputs, targets, context, vocab));
    }
}
