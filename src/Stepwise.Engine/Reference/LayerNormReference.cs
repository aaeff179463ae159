using System.Numerics;

namespace Stepwise.Engine.Reference;

/// <summary>Layer normalization over the last dimension C for N rows, ε = 1e-5, as plain loops in any IEEE float type:
/// the float64 reference (<see cref="Layers.LayerNorm"/> is the float32 code training runs).</summary>
public static class LayerNormReference<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly T Eps = T.CreateChecked(1e-5);

    /// <summary>out (N, C) = (x − mean)·rstd·w + b with rstd = 1/√(var + ε); caches mean (N) and rstd (N) for Backward.</summary>
    public static void Forward(Span<T> output, Span<T> mean, Span<T> rstd, ReadOnlySpan<T> input, ReadOnlySpan<T> weight, ReadOnlySpan<T> bias, int rows, int channels)
    {
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
    public static void Backward(Span<T> dinput, Span<T> dweight, Span<T> dbias, ReadOnlySpan<T> doutput, ReadOnlySpan<T> input,
        ReadOnlySpan<T> weight, ReadOnlySpan<T> mean, ReadOnlySpan<T> rstd, int rows, int channels)
    {
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
}
