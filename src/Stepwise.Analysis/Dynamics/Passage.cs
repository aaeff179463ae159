namespace Stepwise.Analysis.Dynamics;

/// <summary>
/// One passage of the experiment: its position in its source text's passage list (<see cref="Index"/>, stable whatever
/// is skipped), whether it is trained on, and its token sequence — the passage's UTF-8 bytes cut to at most context + 1
/// tokens at a character boundary, trailing whitespace removed: exactly the sequence training sees (context inputs and
/// their next-token targets), so every memorization target lies inside what was trained.
/// </summary>
/// <param name="Index">0-based position among the source's passages (blank-line separated), skipped ones included.</param>
/// <param name="Trained">Trained on (true) or a novel control passage (false).</param>
/// <param name="Source">The file the passage comes from (its name as given).</param>
/// <param name="Tokens">The token ids (byte values), length n ≥ prompt + target tokens.</param>
/// <param name="Text">The passage text those tokens encode.</param>
public sealed record Passage(int Index, bool Trained, string Source, int[] Tokens, string Text)
{
    /// <summary>n, the passage's tokens.</summary>
    public int Length => Tokens.Length;
}
