using Stepwise.Engine.Kernels;

namespace Stepwise.Engine.Tests.Kernels;

/// <summary>The three SGEMM variants, random operands, and a naive float64 reference with an error bound.</summary>
internal static class GemmReference
{
    public enum Variant { NT, NN, TN }

    /// <summary>Microkernel families this machine can run (scalar always).</summary>
    public static GemmIsa[] Isas() => Gemm.Best switch
    {
        GemmIsa.Avx512 => [GemmIsa.Avx512, GemmIsa.Avx2, GemmIsa.Scalar],
        GemmIsa.Avx2 => [GemmIsa.Avx2, GemmIsa.Scalar],
        _ => [GemmIsa.Scalar],
    };

    public static float[] Random(int length, int seed)
    {
        var rng = new Random(seed);
        var v = new float[length];
        for (int i = 0; i < v.Length; i++) v[i] = (float)(rng.NextDouble() * 2 - 1);
        return v;
    }

    /// <summary>C (m, n) = or += op(A)·op(B) with the kernel family <paramref name="isa"/>.</summary>
    public static void Run(GemmIsa isa, Variant v, float[] c, float[] a, float[] b, int m, int n, int k, bool accumulate)
    {
        switch (v)
        {
            case Variant.NT: Sgemm.NT(isa, c, a, b, m, n, k, accumulate); break;
            case Variant.NN: Sgemm.NN(isa, c, a, b, m, n, k, accumulate); break;
            default: Sgemm.TN(isa, c, a, b, m, n, k, accumulate); break;
        }
    }

    /// <summary>The float64 product op(A)·op(B) (m, n) and Σ_p |A(i,p)·B(p,j)| per element.</summary>
    public static (double[] Product, double[] Magnitude) Reference(Variant v, float[] a, float[] b, int m, int n, int k)
    {
        var product = new double[m * n];
        var magnitude = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double s = 0, abs = 0;
                for (int p = 0; p < k; p++)
                {
                    double x = v == Variant.TN ? a[p * m + i] : a[i * k + p];
                    double y = v == Variant.NT ? b[j * k + p] : b[p * n + j];
                    s += x * y;
                    abs += Math.Abs(x * y);
                }
                product[i * n + j] = s;
                magnitude[i * n + j] = abs;
            }
        }
        return (product, magnitude);
    }

    /// <summary>Asserts |C − (C0 + AB)| ≤ 2(k + 2)·2⁻²⁴·(|C0| + Σ|ab|) elementwise (C0 = 0 when overwriting).</summary>
    public static void AssertClose(float[] c, float[]? c0, double[] product, double[] magnitude, int k, string what)
    {
        for (int i = 0; i < product.Length; i++)
        {
            double start = c0 is null ? 0 : c0[i];
            double expected = start + product[i];
            double bound = 2.0 * (k + 2) * Math.Pow(2, -24) * (Math.Abs(start) + magnitude[i]) + 1e-30;
            double err = Math.Abs(c[i] - expected);
            if (!(err <= bound)) Assert.Fail($"{what}: element {i}: got {c[i]}, expected {expected} (error {err:E2} > bound {bound:E2})");
        }
    }
}
