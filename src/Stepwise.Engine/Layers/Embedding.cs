using System.Numerics;
using System.Runtime.CompilerServices;

namespace Stepwise.Engine.Layers;

/// <summary>Token + position embedding: out[b,t,:] = wte[token[b,t],:] + wpe[t,:]. Shapes: tokens (B, T),
/// wte (V, C), wpe (maxT, C), out (B, T, C).</summary>
public static class Embedding<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Writes the embeddings.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(Span<T> output, ReadOnlySpan<int> tokens, ReadOnlySpan<T> wte, ReadOnlySpan<T> wpe, int batch, int time, int channels)
    {
        for (int b = 0; b < batch; b++)
        {
            for (int t = 0; t < time; t++)
            {
                int token = tokens[b * time + t];
                Span<T> o = output.Slice((b * time + t) * channels, channels);
                ReadOnlySpan<T> e = wte.Slice(token * channels, channels);
                ReadOnlySpan<T> p = wpe.Slice(t * channels, channels);
                System.Numerics.Tensors.TensorPrimitives.Add(e, p, o);
            }
        }
    }

    /// <summary>Accumulates dwte and dwpe (rows visited in (b, t) order: deterministic).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(Span<T> dwte, Span<T> dwpe, ReadOnlySpan<T> doutput, ReadOnlySpan<int> tokens, int batch, int time, int channels)
    {
        for (int b = 0; b < batch; b++)
        {
            for (int t = 0; t < time; t++)
            {
                int token = tokens[b * time + t];
                ReadOnlySpan<T> d = doutput.Slice((b * time + t) * channels, channels);
                Span<T> de = dwte.Slice(token * channels, channels);
                Span<T> dp = dwpe.Slice(t * channels, channels);
                System.Numerics.Tensors.TensorPrimitives.Add(de, d, de);
                System.Numerics.Tensors.TensorPrimitives.Add(dp, d, dp);
            }
        }
    }
}
