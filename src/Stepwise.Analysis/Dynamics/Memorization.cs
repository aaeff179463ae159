using Stepwise.Engine.Models;

namespace Stepwise.Analysis.Dynamics;

/// <summary>
/// Verbatim reproduction by greedy decoding (<see cref="TinyGpt{T}.Generate"/>, temperature 0, ties to the lowest
/// token, with a key/value cache). Two rules, reported side by side: seed 002's proportional one and the fixed-length
/// k-extractable one of Biderman et al. (Pythia).
/// </summary>
public static class Memorization
{
    /// <summary>
    /// Seed 002's rule on a passage of n tokens: prompt = the first ⌊n/3⌋ tokens, target = the other n − ⌊n/3⌋; the
    /// model continues the prompt greedily for |target| tokens; accuracy = matching positions / |target|. Also the same
    /// share over the first q target tokens for each q in <paramref name="prefixLengths"/> (over all of the target when
    /// it is shorter than q).
    /// </summary>
    public static (double Accuracy, double[] Prefix) SeedRule(TinyGpt<float> model, ReadOnlySpan<int> tokens, IReadOnlyList<int> prefixLengths)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(prefixLengths);
        int n = tokens.Length, prompt = n / 3;
        if (prompt < 1) throw new ArgumentException($"a passage of {n} tokens has an empty prompt (need n ≥ 3)", nameof(tokens));
        var target = tokens[prompt..];
        int[] generated = model.Generate(tokens[..prompt], target.Length);
        var prefix = new double[prefixLengths.Count];
        for (int i = 0; i < prefix.Length; i++) prefix[i] = Share(generated, target, Math.Min(prefixLengths[i], target.Length));
        return (Share(generated, target, target.Length), prefix);
    }

    /// <summary>The fixed-length rule: prompt = tokens 0..P−1, target = tokens P..P+T−1; returns the share of target
    /// positions the greedy continuation reproduces and whether all T are (the passage is T-extractable).</summary>
    /// <exception cref="ArgumentException">The passage has fewer than P + T tokens.</exception>
    public static (double Accuracy, bool Exact) FixedRule(TinyGpt<float> model, ReadOnlySpan<int> tokens, int promptTokens, int targetTokens)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (tokens.Length < promptTokens + targetTokens) throw new ArgumentException($"a passage of {tokens.Length} tokens is shorter than prompt {promptTokens} + target {targetTokens}", nameof(tokens));
        var target = tokens.Slice(promptTokens, targetTokens);
        int[] generated = model.Generate(tokens[..promptTokens], targetTokens);
        double share = Share(generated, target, targetTokens);
        return (share, share == 1);
    }

    private static double Share(ReadOnlySpan<int> generated, ReadOnlySpan<int> target, int count)
    {
        if (count == 0) return 0;
        int match = 0;
        for (int i = 0; i < count; i++) if (generated[i] == target[i]) match++;
        return (double)match / count;
    }
}
