using System.Runtime.CompilerServices;
using Stepwise.Engine.Kernels;

namespace Stepwise.Engine.Layers;

/// <summary>
/// Causal multi-head self-attention on a packed qkv input (B, T, 3C) = [q | k | v] with NH heads of size hs = C/NH, as
/// llm.c: preatt = q·kᵀ/√hs over keys t2 ≤ t, att = softmax(preatt), out = att·v. Caches att (B, NH, T, T).
/// Float32, the code training runs (<see cref="Reference.CausalSelfAttentionReference{T}"/> is the plain loop, for
/// float64): each (batch, head) pair is a task of small GEMMs in <see cref="Sgemm"/> order and vectorized row
/// softmaxes, pairs in parallel (each writes its own outputs, so results do not depend on the thread count).
/// </summary>
public static class CausalSelfAttention
{
    /// <summary>out (B, T, C) from qkv (B, T, 3C); fills att (B, NH, T, T) (only t2 ≤ t are meaningful; the rest 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(Span<float> output, Span<float> att, ReadOnlySpan<float> qkv, int batch, int time, int channels, int heads) =>
        AttentionKernels.Forward(output, att, qkv, batch, time, channels, heads);

    /// <summary>Accumulates dqkv (B, T, 3C) from doutput (B, T, C), reading qkv and the cached att.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(Span<float> dqkv, ReadOnlySpan<float> doutput, ReadOnlySpan<float> qkv, ReadOnlySpan<float> att, int batch, int time, int channels, int heads) =>
        AttentionKernels.Backward(dqkv, doutput, qkv, att, batch, time, channels, heads);
}
