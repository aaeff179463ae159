using System.Runtime.CompilerServices;
using Stepwise.Engine.Kernels;

namespace Stepwise.Engine.Layers;

/// <summary>Layer normalization over the last dimension C for N rows, ε = 1e-5 (as PyTorch and GPT-2), in float32:
/// the code training runs (<see cref="Reference.LayerNormReference{T}"/> is the plain loop, for float64). Rows run
/// vectorized and in parallel; dweight and dbias in column strips, each summing rows 0..N−1 in order.</summary>
public static class LayerNorm
{
    /// <summary>out (N, C) = (x − mean)·rstd·w + b with rstd = 1/√(var + ε) (population variance); caches mean (N)
    /// and rstd (N) for Backward.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(Span<float> output, Span<float> mean, Span<float> rstd, ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, int rows, int channels) =>
        LayerNormKernels.Forward(output, mean, rstd, input, weight, bias, rows, channels);

    /// <summary>Accumulates dinput (N, C), dweight (C), dbias (C) from doutput (N, C), reading the cached mean and rstd.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(Span<float> dinput, Span<float> dweight, Span<float> dbias, ReadOnlySpan<float> doutput, ReadOnlySpan<float> input,
        ReadOnlySpan<float> weight, ReadOnlySpan<float> mean, ReadOnlySpan<float> rstd, int rows, int channels) =>
        LayerNormKernels.Backward(dinput, dweight, dbias, doutput, input, weight, mean, rstd, rows, channels);
}
