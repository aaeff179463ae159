using System.Numerics;
using System.Numerics.Tensors;
using Stepwise.Engine.Layers;

namespace Stepwise.Engine.Models;

// Generation with a key/value cache: the prompt is encoded by one forward pass, then each new token runs one row
// through every block, attending to the cached keys and values of the positions before it.
public sealed partial class TinyGpt<T>
{
    /// <summary>
    /// Appends <paramref name="count"/> tokens to <paramref name="prompt"/> and returns them. Each token is the argmax
    /// of the logits (greedy, <paramref name="temperature"/> = 0; ties go to the lowest token), or, with
    /// <paramref name="temperature"/> &gt; 0, drawn from softmax(logits / temperature) restricted to the
    /// <paramref name="topK"/> largest logits (0: all V) with one <see cref="Rng.NextDouble"/> of <paramref name="rng"/>
    /// per token, so a seed reproduces the text.
    /// </summary>
    /// <remarks>
    /// The prompt (its last P = context tokens, if longer) is encoded by one forward pass whose keys and values are
    /// cached; each new token then runs one row through every block at the next position. Positions are learned
    /// absolute embeddings, so when P positions are filled the cache cannot slide: the window restarts from its last
    /// ⌈P/2⌉ tokens, re-encoded at positions 0.. by one forward pass, and generation continues from there (the model
    /// then sees between ⌈P/2⌉ and P tokens). Dropout is off while generating; the model's cached activations
    /// (<see cref="Logits"/>, <see cref="HiddenState"/>) are those of the last re-encoding afterwards.
    /// </remarks>
    /// <exception cref="ArgumentException">The prompt is empty or holds a token outside 0..V−1.</exception>
    /// <exception cref="ArgumentOutOfRangeException">count or topK is negative, or temperature is negative or not finite.</exception>
    /// <exception cref="ArgumentNullException">temperature &gt; 0 without an <paramref name="rng"/>.</exception>
    public int[] Generate(ReadOnlySpan<int> prompt, int count, double temperature = 0, int topK = 0, Rng? rng = null)
    {
        int vocab = _cfg.Vocab, context = _cfg.Context;
        if (prompt.IsEmpty) throw new ArgumentException("the prompt needs at least one token", nameof(prompt));
        foreach (int token in prompt)
        {
            if (token < 0 || token >= vocab) throw new ArgumentException($"prompt tokens must be in 0..{vocab - 1}, got {token}", nameof(prompt));
        }
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(topK);
        if (!double.IsFinite(temperature) || temperature < 0) throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "must be 0 (greedy) or a finite positive number");
        if (temperature > 0) ArgumentNullException.ThrowIfNull(rng);
        if (count == 0) return [];

        int[] tokens = new int[checked(prompt.Length + count)];
        prompt.CopyTo(tokens);
        int length = prompt.Length;
        int restart = context - context / 2;
        var cache = new TinyGptKvCache<T>(_cfg);
        var ranked = temperature > 0 ? new (double NegativeLogit, int Token)[vocab] : [];
        var weights = temperature > 0 ? new double[vocab] : [];
        bool training = Training;
        Training = false;
        try
        {
            int start = Math.Max(0, length - context);
            Encode(cache, tokens.AsSpan(start, length - start));
            for (int i = 0; i < count; i++)
            {
                int next = temperature == 0 ? ArgMax(cache.Logits) : Sample(cache.Logits, temperature, topK, rng!, ranked, weights);
                tokens[length++] = next;
                if (i == count - 1) break;
                if (cache.Length < context)
                {
                    Decode(cache, next);
                }
                else
                {
                    start = length - restart;
                    Encode(cache, tokens.AsSpan(start, restart));
                }
            }
        }
        finally
        {
            Training = training;
        }
        return tokens[prompt.Length..];
    }

    /// <summary>Fills the cache with <paramref name="window"/> at positions 0.. by one forward pass; the logits after
    /// its last token go to the cache.</summary>
    internal void Encode(TinyGptKvCache<T> cache, ReadOnlySpan<int> window)
    {
        int time = window.Length, c = _cfg.Channels, v = _cfg.Vocab;
        Forward(window, ReadOnlySpan<int>.Empty, 1, time);
        for (int l = 0; l < _blocks.Length; l++)
        {
            for (int t = 0; t < time; t++) cache.Store(l, t, _a.Qkv[l].AsSpan(t * 3 * c, 3 * c));
        }
        cache.Length = time;
        _a.Logits.AsSpan((time - 1) * v, v).CopyTo(cache.Logits);
    }

    /// <summary>Runs <paramref name="token"/> at the next position (cache.Length) through every block, as one row of
    /// <see cref="Forward"/> (dropout off), reading and extending the cache; its logits go to the cache.</summary>
    internal void Decode(TinyGptKvCache<T> cache, int token)
    {
        int c = _cfg.Channels, position = cache.Length;
        Span<T> x = cache.Residual;
        TensorPrimitives.Add(_wte.Of(Params).Slice(token * c, c), _wpe.Of(Params).Slice(position * c, c), x);
        for (int l = 0; l < _blocks.Length; l++)
        {
            var p = _blocks[l];
            _backend.LayerNormForward(cache.NormOut, cache.Mean, cache.Rstd, x, p.Ln1W.Of(Params), p.Ln1B.Of(Params), 1, c);
            _backend.LinearForward(cache.Qkv, cache.NormOut, p.QkvW.Of(Params), p.QkvB.Of(Params), 1, c, 3 * c);
            cache.Store(l, position, cache.Qkv);
            cache.Attend(l, position, cache.Qkv.AsSpan(0, c), cache.AttentionOutput);
            _backend.LinearForward(cache.Projected, cache.AttentionOutput, p.ProjW.Of(Params), p.ProjB.Of(Params), 1, c, c);
            Residual<T>.Forward(x, x, cache.Projected);
            _backend.LayerNormForward(cache.NormOut, cache.Mean, cache.Rstd, x, p.Ln2W.Of(Params), p.Ln2B.Of(Params), 1, c);
            _backend.LinearForward(cache.FcPre, cache.NormOut, p.FcW.Of(Params), p.FcB.Of(Params), 1, c, 4 * c);
            _backend.ActivationForward(Activation.Gelu, cache.FcGelu, cache.FcPre);
            _backend.LinearForward(cache.Projected, cache.FcGelu, p.FcProjW.Of(Params), p.FcProjB.Of(Params), 1, 4 * c, c);
            Residual<T>.Forward(x, x, cache.Projected);
        }
        _backend.LayerNormForward(cache.NormOut, cache.Mean, cache.Rstd, x, _lnfw.Of(Params), _lnfb.Of(Params), 1, c);
        _backend.LinearForward(cache.Logits, cache.NormOut, HeadWeight(Params), ReadOnlySpan<T>.Empty, 1, c, _cfg.Vocab);
        cache.Length = position + 1;
    }

    /// <summary>The first index of the largest value.</summary>
    private static int ArgMax(ReadOnlySpan<T> values)
    {
        int best = 0;
        for (int j = 1; j < values.Length; j++) if (values[j] > values[best]) best = j;
        return best;
    }

    /// <summary>A draw from softmax(logits / temperature) over the topK largest logits (ties by lowest token), in
    /// float64: the candidates in decreasing order, weights exp((z − z_max)/temperature), one uniform u·Σ weights,
    /// the first candidate whose cumulative weight exceeds it.</summary>
    private static int Sample(ReadOnlySpan<T> logits, double temperature, int topK, Rng rng, Span<(double NegativeLogit, int Token)> ranked, Span<double> weights)
    {
        int v = logits.Length;
        for (int j = 0; j < v; j++) ranked[j] = (-double.CreateChecked(logits[j]), j);
        ranked.Sort();
        int k = topK == 0 || topK >= v ? v : topK;
        double max = -ranked[0].NegativeLogit, total = 0;
        for (int i = 0; i < k; i++)
        {
            weights[i] = Math.Exp((-ranked[i].NegativeLogit - max) / temperature);
            total += weights[i];
        }
        double u = rng.NextDouble() * total, cumulative = 0;
        for (int i = 0; i < k; i++)
        {
            cumulative += weights[i];
            if (u < cumulative) return ranked[i].Token;
        }
        return ranked[k - 1].Token;
    }
}
