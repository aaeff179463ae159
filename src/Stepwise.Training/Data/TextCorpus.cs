using System.Text;
using Stepwise.Engine;

namespace Stepwise.Training.Data;

/// <summary>
/// A seeded corpus of English-like passages from a small grammar, so language-model runs need no download. Each
/// passage is 2–6 sentences on one line; passages are separated by a blank line. Lowercase ASCII letters, spaces,
/// commas and full stops, with a capital letter starting each sentence.
/// </summary>
internal static class TextCorpus
{
    /// <summary>Passages in the generated corpus.</summary>
    public const int Passages = 1000;

    private static readonly string[] Determiners = ["the", "a", "one", "every", "this", "that", "my", "our"];
    private static readonly string[] Adjectives = ["small", "old", "red", "quiet", "bright", "lazy", "quick", "green", "tall", "cold", "happy", "dark", "gentle", "brave"];
    private static readonly string[] Nouns = ["cat", "dog", "bird", "river", "tree", "child", "farmer", "ship", "stone", "garden", "city", "fox", "horse", "lamp", "road", "friend"];
    private static readonly string[] Transitive = ["sees", "finds", "follows", "paints", "carries", "watches", "hears", "builds", "loves", "leaves", "remembers"];
    private static readonly string[] Intransitive = ["sleeps", "sings", "waits", "runs", "falls", "shines", "grows", "rests", "laughs"];
    private static readonly string[] Adverbs = ["slowly", "softly", "today", "again", "quietly", "often", "at night", "in the morning"];
    private static readonly string[] Prepositions = ["near", "under", "over", "behind", "beside", "across", "with"];

    /// <summary>The corpus text for <paramref name="seed"/>.</summary>
    public static string Generate(ulong seed)
    {
        var rng = DataStreams.For(seed, DataStreams.Corpus);
        var sb = new StringBuilder(Passages * 160);
        for (int p = 0; p < Passages; p++)
        {
            if (p > 0) sb.Append("\n\n");
            int sentences = 2 + (int)rng.NextLong(5);
            for (int s = 0; s < sentences; s++)
            {
                if (s > 0) sb.Append(' ');
                string sentence = Sentence(rng);
                sb.Append(char.ToUpperInvariant(sentence[0])).Append(sentence, 1, sentence.Length - 1).Append('.');
            }
        }
        return sb.ToString();
    }

    private static string Sentence(Rng rng) => rng.NextLong(5) switch
    {
        0 => $"{Phrase(rng)} {Pick(rng, Transitive)} {Phrase(rng)}",
        1 => $"{Phrase(rng)} {Pick(rng, Intransitive)} {Pick(rng, Adverbs)}",
        2 => $"{Phrase(rng)} {Pick(rng, Intransitive)} {Pick(rng, Prepositions)} {Phrase(rng)}",
        3 => $"{Phrase(rng)} {Pick(rng, Transitive)} {Phrase(rng)} {Pick(rng, Prepositions)} {Phrase(rng)}",
        _ => $"{Phrase(rng)} {Pick(rng, Intransitive)}, and {Phrase(rng)} {Pick(rng, Intransitive)} {Pick(rng, Adverbs)}",
    };

    private static string Phrase(Rng rng) =>
        rng.NextLong(2) == 0 ? $"{Pick(rng, Determiners)} {Pick(rng, Nouns)}" : $"{Pick(rng, Determiners)} {Pick(rng, Adjectives)} {Pick(rng, Nouns)}";

    private static string Pick(Rng rng, string[] words) => words[rng.NextLong(words.Length)];
}
