using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Stepwise.Engine.Kernels;

namespace Stepwise.Engine.Layers;

/// <summary>Layer normalization over the last dimension C, for N = B·T rows, ε = 1e-5 (as PyTorch and GPT-2).
/// Float32 runs vectorized and in parallel over rows (dweight, dbias over column strips, rows summed in order).</summary>
public static class LayerNorm<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly T Eps = T.CreateChecked(1e-5);

    /// <summary>out (N, C) = (x − mean)·rstd·w + b; caches mean (N) and rstd (N) for Backward.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(Span<T> output, Span<T> mean, Span<T> rstd, ReadOnlySpan<T> input, ReadOnlySpan<T> weight, ReadOnlySpan<T> bias, int rows, int channels)
    {
        if (typeof(T) == typeof(float))
        {
            LayerNormKernels.Forward(F(output), F(mean), F(rstd), F(input), F(weight), F(bias), rows, channels);
            return;
        }
        T invC = T.One / T.CreateChecked(channels);
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<T> x = input.Slice(i * channels, channels);
            T m = T.Zero;
            foreach (T v in x) m += v;
            m *= invC;
            T variance = T.Zero;
            foreach (T v in x) variance += (v - m) * (v - m);
            variance *= invC;
            T r = T.One / T.Sqrt(variance + Eps);
            Span<T> o = output.Slice(i * channels, channels);
            for (int c = 0; c < channels; c++) o[c] = (x[c] - m) * r * weight[c] + bias[c];
            mean[i] = m;
            rstd[i] = r;
        }
    }

    /// <summary>Accumulates dinput (N, C), dweight (C), dbias (C) from doutput (N, C).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(Span<T> dinput, Span<T> dweight, Span<T> dbias, ReadOnlySpan<T> doutput, ReadOnlySpan<T> input,
        ReadOnlySpan<T> weight, ReadOnlySpan<T> mean, ReadOnlySpan<T> rstd, int rows, int channels)
    {
        if (typeof(T) == typeof(float))
        {
            LayerNormKernels.Backward(F(dinput), F(dweight), F(dbias), F(doutput), F(input), F(weight), F(mean), F(rstd), rows, channels);
            return;
        }
        T invC = T.One / T.CreateChecked(channels);
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<T> dout = doutput.Slice(i * channels, channels);
            ReadOnlySpan<T> x = input.Slice(i * channels, channels);
            Span<T> dx = dinput.Slice(i * channels, channels);
            T m = mean[i], r = rstd[i];
            T dnormMean = T.Zero, dnormNormMean = T.Zero;
            for (int c = 0; c < channels; c++)
            {
                T norm = (x[c] - m) * r;
                T dnorm = weight[c] * dout[c];
                dnormMean += dnorm;
                dnormNormMean += dnorm * norm;
            }
            dnormMean *= invC;
            dnormNormMean *= invC;
            for (int c = 0; c < channels; c++)
            {
                T norm = (x[c] - m) * r;
                T dnorm = weight[c] * dout[c];
                dbias[c] += dout[c];
                dweight[c] += norm * dout[c];
                dx[c] += (dnorm - dnormMean - norm * dnormNormMean) * r;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Span<float> F(Span<T> s) => MemoryMarshal.Cast<T, float>(s);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ReadOnlySpan<float> F(ReadOnlySpan<T> s) => MemoryMarshal.Cast<T, float>(s);
}
