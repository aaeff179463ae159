using System.Numerics;

namespace Stepwise.Engine.Reference;

/// <summary>
/// Causal multi-head self-attention on packed qkv (B, T, 3C) = [q | k | v], NH heads of size hs = C/NH, as plain loops
/// in any IEEE float type: the float64 reference (<see cref="Layers.CausalSelfAttention"/> is the float32 code training
/// runs). preatt = q·kᵀ/√hs over keys t2 ≤ t, att = softmax(preatt), out = att·v; caches att (B, NH, T, T).
/// </summary>
public static class CausalSelfAttentionReference<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>out (B, T, C) from qkv (B, T, 3C); fills att (B, NH, T, T) (only t2 ≤ t are meaningful; the rest 0).</summary>
    public static void Forward(Span<T> output, Span<T> att, ReadOnlySpan<T> qkv, int batch, int time, int channels, int heads)
    {
        int hs = channels / heads;
        int c3 = 3 * channels;
        T scale = T.One / T.Sqrt(T.CreateChecked(hs));
        for (int b = 0; b < batch; b++)
        {
            for (int t = 0; t < time; t++)
            {
                for (int h = 0; h < heads; h++)
                {
                    ReadOnlySpan<T> q = qkv.Slice(b * time * c3 + t * c3 + h * hs, hs);
                    Span<T> a = att.Slice(((b * heads + h) * time + t) * time, time);
                    T max = T.NegativeInfinity;
                    for (int t2 = 0; t2 <= t; t2++)
                    {
                        ReadOnlySpan<T> k = qkv.Slice(b * time * c3 + t2 * c3 + h * hs + channels, hs);
                        T dot = T.Zero;
                        for (int i = 0; i < hs; i++) dot += q[i] * k[i];
                        dot *= scale;
                        a[t2] = dot;
                        if (dot > max) max = dot;
                    }
                    T sum = T.Zero;
                    for (int t2 = 0; t2 <= t; t2++)
                    {
                        T e = T.Exp(a[t2] - max);
                        a[t2] = e;
                        sum += e;
                    }
                    T inv = T.One / sum;
                    for (int t2 = 0; t2 < time; t2++) a[t2] = t2 <= t ? a[t2] * inv : T.Zero;
                    Span<T> o = output.Slice(b * time * channels + t * channels + h * hs, hs);
                    o.Clear();
                    for (int t2 = 0; t2 <= t; t2++)
                    {
                        ReadOnlySpan<T> v = qkv.Slice(b * time * c3 + t2 * c3 + h * hs + 2 * channels, hs);
                        T w = a[t2];
                        for (int i = 0; i < hs; i++) o[i] += w * v[i];
                    }
                }
            }
        }
    }

    /// <summary>Accumulates dqkv (B, T, 3C) from doutput (B, T, C), reading qkv and the cached att.</summary>
    public static void Backward(Span<T> dqkv, ReadOnlySpan<T> doutput, ReadOnlySpan<T> qkv, ReadOnlySpan<T> att, int batch, int time, int channels, int heads)
    {
        int hs = channels / heads;
        int c3 = 3 * channels;
        T scale = T.One / T.Sqrt(T.CreateChecked(hs));
        Span<T> datt = new T[time];
        for (int b = 0; b < batch; b++)
        {
            for (int t = 0; t < time; t++)
            {
                for (int h = 0; h < heads; h++)
                {
                    ReadOnlySpan<T> a = att.Slice(((b * heads + h) * time + t) * time, time);
                    ReadOnlySpan<T> dout = doutput.Slice(b * time * channels + t * channels + h * hs, hs);
                    // out = Σ a[t2]·v[t2]  →  datt[t2] = dout·v[t2], dv[t2] += a[t2]·dout
                    for (int t2 = 0; t2 <= t; t2++)
                    {
                        int vOff = b * time * c3 + t2 * c3 + h * hs + 2 * channels;
                        ReadOnlySpan<T> v = qkv.Slice(vOff, hs);
                        Span<T> dv = dqkv.Slice(vOff, hs);
                        T d = T.Zero;
                        for (int i = 0; i < hs; i++)
                        {
                            d += dout[i] * v[i];
                            dv[i] += a[t2] * dout[i];
                        }
                        datt[t2] = d;
                    }
                    // softmax backward: dpre[t2] = a[t2]·(datt[t2] − Σ a·datt)
                    T dot = T.Zero;
                    for (int t2 = 0; t2 <= t; t2++) dot += a[t2] * datt[t2];
                    int qOff = b * time * c3 + t * c3 + h * hs;
                    ReadOnlySpan<T> q = qkv.Slice(qOff, hs);
                    Span<T> dq = dqkv.Slice(qOff, hs);
                    for (int t2 = 0; t2 <= t; t2++)
                    {
                        T dpre = a[t2] * (datt[t2] - dot) * scale;
                        int kOff = b * time * c3 + t2 * c3 + h * hs + channels;
                        ReadOnlySpan<T> k = qkv.Slice(kOff, hs);
                        Span<T> dk = dqkv.Slice(kOff, hs);
                        for (int i = 0; i < hs; i++)
                        {
                            dq[i] += dpre * k[i];
                            dk[i] += dpre * q[i];
                        }
                    }
                }
            }
        }
    }
}
