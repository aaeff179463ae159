using System.Globalization;

namespace Stepwise.Analysis.Dynamics;

/// <summary>
/// The experiment's passages: the first <c>num_passages</c> long-enough passages of the text are trained on, the next
/// <c>num_passages</c> (or the first of a second text) are the novel control group, never trained on. A passage shorter
/// than prompt + target tokens is skipped and listed in <see cref="Skipped"/>; every passage keeps its source index.
/// </summary>
public sealed class PassageSelection
{
    private PassageSelection(IReadOnlyList<Passage> trained, IReadOnlyList<Passage> novel, IReadOnlyList<SkippedPassage> skipped)
    {
        Trained = trained;
        Novel = novel;
        Skipped = skipped;
    }

    /// <summary>Training passages in source order.</summary>
    public IReadOnlyList<Passage> Trained { get; }

    /// <summary>Novel passages in source order.</summary>
    public IReadOnlyList<Passage> Novel { get; }

    /// <summary>Every passage, training then novel: the order of measurements and of the hidden-state files.</summary>
    public IEnumerable<Passage> All => Trained.Concat(Novel);

    /// <summary>Passages skipped for length, among those scanned before the selection was complete.</summary>
    public IReadOnlyList<SkippedPassage> Skipped { get; }

    /// <summary>
    /// Selects from <paramref name="text"/> (named <paramref name="source"/>) and, when given, novel passages from
    /// <paramref name="novelText"/>; each passage is cut to <paramref name="maxTokens"/> tokens (context + 1) and kept
    /// when it has at least <paramref name="minTokens"/>. Fails with a one-line message when there are too few.
    /// </summary>
    public static ParseResult<PassageSelection> Select(string text, string source, string? novelText, string? novelSource, int count, int maxTokens, int minTokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        var skipped = new List<SkippedPassage>();
        var trained = new List<Passage>(count);
        var novel = new List<Passage>(count);
        bool separate = novelText is not null;
        Take(text, source, trained, true, separate ? null : novel, count, maxTokens, minTokens, skipped);
        if (separate) Take(novelText!, novelSource ?? "novel", novel, false, null, count, maxTokens, minTokens, skipped);
        if (trained.Count < count || novel.Count < count)
        {
            string where = separate ? $"{source} has {trained.Count} and {novelSource} {novel.Count}" : $"{source} has {trained.Count + novel.Count}";
            return ParseResult<PassageSelection>.Fail(string.Create(CultureInfo.InvariantCulture,
                $"dynamics.num_passages = {count}: {where} passage(s) of at least {minTokens} tokens (prompt + target); {(separate ? $"each text needs {count}" : $"the text needs {2 * count} ({count} trained, {count} novel)")}; lower num_passages or give a longer text"));
        }
        return ParseResult<PassageSelection>.Ok(new PassageSelection(trained, novel, skipped));
    }

    /// <summary>Fills <paramref name="first"/> (trained when <paramref name="firstTrained"/>), then
    /// <paramref name="second"/> (novel), from the passages of <paramref name="text"/> in order.</summary>
    private static void Take(string text, string source, List<Passage> first, bool firstTrained, List<Passage>? second, int count, int maxTokens, int minTokens,
        List<SkippedPassage> skipped)
    {
        var passages = PassageText.Split(text);
        for (int i = 0; i < passages.Count; i++)
        {
            bool firstFull = first.Count >= count;
            if (firstFull && (second is null || second.Count >= count)) return;
            var (cut, tokens) = PassageText.Cut(passages[i], maxTokens);
            if (tokens.Length < minTokens)
            {
                skipped.Add(new SkippedPassage(i, source, tokens.Length));
                continue;
            }
            if (!firstFull) first.Add(new Passage(i, firstTrained, source, tokens, cut));
            else second!.Add(new Passage(i, false, source, tokens, cut));
        }
    }
}
