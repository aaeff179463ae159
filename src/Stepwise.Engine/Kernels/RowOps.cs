using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Stepwise.Engine.Kernels;

/// <summary>
/// Float32 row reductions and maps with Vector512 lanes assigned by index from the row start (never by address), so a
/// result depends only on the values and the length. Exp always goes through <see cref="Exp"/> (tails via a padded
/// stack vector), so an element's value never depends on its position.
/// </summary>
internal static unsafe class RowOps
{
    /// <summary>
    /// eˣ in float32 (Cephes expf: x = n·ln 2 + r, degree-6 polynomial in r, times 2ⁿ), about 1 ulp; +∞ above 88.72,
    /// 0 below −87.34 (never a subnormal, which would be slow), NaN stays NaN. Several times faster than
    /// <see cref="Vector512.Exp(Vector512{float})"/>, which widens to float64.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        Vector512<float> big = Vector512.GreaterThan(x, Vector512.Create(88.72283f)), tiny = Vector512.LessThan(x, Vector512.Create(-87.33654f));
        x = Vector512.Max(Vector512.Min(x, Vector512.Create(88f)), Vector512.Create(-87.33654f));
        Vector512<float> n = Vector512.Round(x * Vector512.Create(1.44269504088896341f));
        Vector512<float> r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-0.693359375f), x);
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(2.12194440e-4f), r);
        Vector512<float> p = Vector512.FusedMultiplyAdd(Vector512.Create(1.9875691500e-4f), r, Vector512.Create(1.3981999507e-3f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(8.3334519073e-3f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(4.1665795894e-2f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.6666665459e-1f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(5.0000001201e-1f));
        p = Vector512.FusedMultiplyAdd(p, r * r, r + Vector512<float>.One);
        Vector512<int> e = (Vector512.ConvertToInt32(n) + Vector512.Create(127)) << 23;
        Vector512<float> result = p * e.AsSingle();
        return Vector512.ConditionalSelect(big, Vector512.Create(float.PositiveInfinity), Vector512.AndNot(result, tiny));
    }

    private static readonly Vector512<float> Lanes = Vector512.Create(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f, 12f, 13f, 14f, 15f);

    /// <summary>
    /// Row softmax in place: x[j] = exp(x[j]·scale − max)/Σ for j &lt; n, and x[j] = 0 for n ≤ j &lt; ⌈n/16⌉·16. Reads and
    /// writes whole vectors, so the caller guarantees ⌈n/16⌉·16 floats at x.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SoftmaxPadded(float* x, int n, float scale)
    {
        unchecked
        {
            int full = n & ~15, rem = n - full, i;
            Vector512<float> mask = Vector512.LessThan(Lanes, Vector512.Create((float)rem));
            Vector512<float> vmax = Vector512.Create(float.NegativeInfinity);
            for (i = 0; i < full; i += 16) vmax = Vector512.Max(vmax, Vector512.Load(x + i));
            if (rem > 0) vmax = Vector512.Max(vmax, Vector512.ConditionalSelect(mask, Vector512.Load(x + full), Vector512.Create(float.NegativeInfinity)));
            Vector256<float> m8 = Vector256.Max(vmax.GetLower(), vmax.GetUpper());
            Vector128<float> m4 = Vector128.Max(m8.GetLower(), m8.GetUpper());
            float max = MathF.Max(MathF.Max(m4[0], m4[1]), MathF.Max(m4[2], m4[3])) * scale;
            Vector512<float> vs = Vector512.Create(scale), vh = Vector512.Create(max), acc = Vector512<float>.Zero;
            for (i = 0; i < full; i += 16)
            {
                Vector512<float> e = Exp(Vector512.FusedMultiplyAdd(Vector512.Load(x + i), vs, -vh));
                e.Store(x + i);
                acc += e;
            }
            if (rem > 0)
            {
                Vector512<float> e = Exp(Vector512.FusedMultiplyAdd(Vector512.Load(x + full), vs, -vh)) & mask;
                e.Store(x + full);
                acc += e;
            }
            Vector512<float> inv = Vector512.Create(1f / Vector512.Sum(acc));
            int end = rem > 0 ? full + 16 : full;
            for (i = 0; i < end; i += 16) (Vector512.Load(x + i) * inv).Store(x + i);
        }
    }

    /// <summary>
    /// Softmax backward in place for one row: d[j] = a[j]·(d[j] − Σ_{k&lt;n} a[k]d[k])·scale for j &lt; n, 0 for
    /// n ≤ j &lt; ⌈n/16⌉·16 (whole vectors, as <see cref="SoftmaxPadded"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SoftmaxBackwardPadded(float* a, float* d, int n, float scale)
    {
        unchecked
        {
            int full = n & ~15, rem = n - full, i;
            Vector512<float> mask = Vector512.LessThan(Lanes, Vector512.Create((float)rem));
            Vector512<float> acc = Vector512<float>.Zero;
            for (i = 0; i < full; i += 16) acc = Vector512.FusedMultiplyAdd(Vector512.Load(a + i), Vector512.Load(d + i), acc);
            if (rem > 0) acc = Vector512.FusedMultiplyAdd(Vector512.Load(a + full) & mask, Vector512.Load(d + full) & mask, acc);
            Vector512<float> dot = Vector512.Create(Vector512.Sum(acc)), vs = Vector512.Create(scale);
            for (i = 0; i < full; i += 16) (Vector512.Load(a + i) * (Vector512.Load(d + i) - dot) * vs).Store(d + i);
            if (rem > 0) ((Vector512.Load(a + full) * (Vector512.Load(d + full) - dot) * vs) & mask).Store(d + full);
        }
    }

    /// <summary>max of x[0..n−1] (n ≥ 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Max(float* x, int n)
    {
        unchecked
        {
            int i = 0;
            float m = float.NegativeInfinity;
            if (n >= 16)
            {
                Vector512<float> v = Vector512.Load(x);
                for (i = 16; i + 16 <= n; i += 16) v = Vector512.Max(v, Vector512.Load(x + i));
                m = v.GetElement(0);
                for (int l = 1; l < 16; l++) m = MathF.Max(m, v.GetElement(l));
            }
            for (; i < n; i++) m = MathF.Max(m, x[i]);
            return m;
        }
    }

    /// <summary>Σ x[i]·y[i], lanes by index then a fixed lane sum.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Dot(float* x, float* y, int n)
    {
        unchecked
        {
            int i = 0;
            Vector512<float> acc = Vector512<float>.Zero;
            for (; i + 16 <= n; i += 16) acc = Vector512.FusedMultiplyAdd(Vector512.Load(x + i), Vector512.Load(y + i), acc);
            float s = Vector512.Sum(acc);
            for (; i < n; i++) s = MathF.FusedMultiplyAdd(x[i], y[i], s);
            return s;
        }
    }

    /// <summary>x[i] = exp(x[i]·scale − shift) in place; returns Σ x[i] (lanes by index).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float ExpSum(float* x, int n, float scale, float shift)
    {
        unchecked
        {
            int i = 0;
            Vector512<float> vs = Vector512.Create(scale), vh = Vector512.Create(shift), acc = Vector512<float>.Zero;
            for (; i + 16 <= n; i += 16)
            {
                Vector512<float> e = Exp(Vector512.FusedMultiplyAdd(Vector512.Load(x + i), vs, -vh));
                e.Store(x + i);
                acc += e;
            }
            float s = Vector512.Sum(acc);
            if (i < n)
            {
                float* t = stackalloc float[16];
                for (int l = 0; l < 16; l++) t[l] = i + l < n ? x[i + l] : 0f;
                Exp(Vector512.FusedMultiplyAdd(Vector512.Load(t), vs, -vh)).Store(t);
                for (int l = 0; i + l < n; l++)
                {
                    x[i + l] = t[l];
                    s += t[l];
                }
            }
            return s;
        }
    }

    /// <summary>x[i] *= s.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Scale(float* x, int n, float s)
    {
        unchecked
        {
            int i = 0;
            Vector512<float> v = Vector512.Create(s);
            for (; i + 16 <= n; i += 16) (Vector512.Load(x + i) * v).Store(x + i);
            for (; i < n; i++) x[i] *= s;
        }
    }
}
