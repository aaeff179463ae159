using System.Numerics;
using System.Numerics.Tensors;

namespace Stepwise.Engine.Models;

/// <summary>
/// The keys and values of every block for one sequence being generated, and the buffers of one decoding step (a single
/// row through the model). Positions 0..<see cref="Length"/>−1 are filled; a step at position t = Length attends to
/// them and to itself. Shapes: L = blocks, P = context, C = channels, NH = heads, hs = C/NH, V = vocabulary.
/// </summary>
internal sealed class TinyGptKvCache<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int _channels, _heads;
    private readonly T _scale;

    public TinyGptKvCache(TinyGptConfig cfg)
    {
        int c = cfg.Channels, p = cfg.Context;
        (_channels, _heads, Context) = (c, cfg.Heads, p);
        _scale = T.One / T.Sqrt(T.CreateChecked(c / cfg.Heads));
        Keys = Enumerable.Range(0, cfg.Layers).Select(_ => new T[p * c]).ToArray();
        Values = Enumerable.Range(0, cfg.Layers).Select(_ => new T[p * c]).ToArray();
        Residual = new T[c]; NormOut = new T[c]; Mean = new T[1]; Rstd = new T[1];
        Qkv = new T[3 * c]; AttentionOutput = new T[c]; Projected = new T[c];
        FcPre = new T[4 * c]; FcGelu = new T[4 * c];
        Scores = new T[p];
        Logits = new T[cfg.Vocab];
    }

    /// <summary>P, the most positions the cache holds.</summary>
    public int Context { get; }

    /// <summary>Positions filled.</summary>
    public int Length { get; set; }

    public T[][] Keys { get; }              // (L)(P, C): k of each position, heads side by side
    public T[][] Values { get; }            // (L)(P, C)

    // one decoding step (one row)
    public T[] Residual { get; }            // (C) the residual stream
    public T[] NormOut { get; }             // (C) a LayerNorm's output
    public T[] Mean { get; }                // (1)
    public T[] Rstd { get; }                // (1)
    public T[] Qkv { get; }                 // (3C) [q | k | v]
    public T[] AttentionOutput { get; }     // (C)
    public T[] Projected { get; }           // (C) a branch's output projection
    public T[] FcPre { get; }               // (4C)
    public T[] FcGelu { get; }              // (4C)
    public T[] Scores { get; }              // (P) one head's attention weights
    public T[] Logits { get; }              // (V) the logits after the last filled position

    /// <summary>Stores position <paramref name="position"/>'s k and v from a packed qkv row (3C).</summary>
    public void Store(int layer, int position, ReadOnlySpan<T> qkvRow)
    {
        int c = _channels;
        qkvRow.Slice(c, c).CopyTo(Keys[layer].AsSpan(position * c, c));
        qkvRow.Slice(2 * c, c).CopyTo(Values[layer].AsSpan(position * c, c));
    }

    /// <summary>output (C) = causal attention of q (C, heads side by side) at <paramref name="position"/> over the cached
    /// positions 0..position of <paramref name="layer"/> (stored first): per head, softmax(q·kᵀ/√hs)·v.</summary>
    public void Attend(int layer, int position, ReadOnlySpan<T> q, Span<T> output)
    {
        int c = _channels, hs = c / _heads;
        Span<T> scores = Scores.AsSpan(0, position + 1);
        ReadOnlySpan<T> keys = Keys[layer], values = Values[layer];
        for (int h = 0; h < _heads; h++)
        {
            ReadOnlySpan<T> qh = q.Slice(h * hs, hs);
            T max = T.NegativeInfinity;
            for (int t2 = 0; t2 <= position; t2++)
            {
                T s = TensorPrimitives.Dot(qh, keys.Slice(t2 * c + h * hs, hs)) * _scale;
                scores[t2] = s;
                if (s > max) max = s;
            }
            T sum = T.Zero;
            for (int t2 = 0; t2 <= position; t2++)
            {
                T e = T.Exp(scores[t2] - max);
                scores[t2] = e;
                sum += e;
            }
            T inv = T.One / sum;
            Span<T> oh = output.Slice(h * hs, hs);
            oh.Clear();
            for (int t2 = 0; t2 <= position; t2++) TensorPrimitives.MultiplyAdd(values.Slice(t2 * c + h * hs, hs), scores[t2] * inv, oh, oh);
        }
    }
}
