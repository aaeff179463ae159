using System.Runtime.CompilerServices;
namespace Stepwise.Engine.Kernels;

/// <summary>
/// Single-precision matrix products, row-major, C (m, n) = op(A)·op(B) or, with <c>accumulate</c>, C += op(A)·op(B):
/// a packed, cache-blocked kernel with Vector512 (AVX-512) or Vector256 (AVX2/FMA) register tiles and a scalar
/// fallback, split over <see cref="EngineThreads.Count"/> threads in fixed blocks of C.
/// </summary>
/// <remarks>
/// Reduction order (deterministic): each C(i, j) is one fused multiply-add chain over p = 0..k−1 in order, starting
/// from C(i, j) when accumulating and from 0 otherwise (no separate add of a partial sum). The reduction is never
/// split across threads or blocks, so results are bitwise identical for any thread count, across runs, and between
/// the AVX-512 and AVX2 kernels; they differ in the last bits from a dot product summed in another order (e.g. the
/// scalar fallback's separate multiply and add). Products are split over <see cref="EngineThreads.Count"/> threads
/// by blocks of C only; small products run on the calling thread. Steady-state calls allocate nothing.
/// </remarks>
public static unsafe class Sgemm
{
    /// <summary>C (m, n) = A (m, k) · B (n, k)ᵀ, or += when <paramref name="accumulate"/>.</summary>
    /// <exception cref="ArgumentException">A span is shorter than its shape.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void NT(Span<float> c, ReadOnlySpan<float> a, ReadOnlySpan<float> b, int m, int n, int k, bool accumulate = false) =>
        NT(Gemm.Best, c, a, b, m, n, k, accumulate);

    /// <summary>C (m, n) = A (m, k) · B (k, n), or += when <paramref name="accumulate"/>.</summary>
    /// <exception cref="ArgumentException">A span is shorter than its shape.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void NN(Span<float> c, ReadOnlySpan<float> a, ReadOnlySpan<float> b, int m, int n, int k, bool accumulate = false) =>
        NN(Gemm.Best, c, a, b, m, n, k, accumulate);

    /// <summary>C (m, n) = A (k, m)ᵀ · B (k, n), or += when <paramref name="accumulate"/>.</summary>
    /// <exception cref="ArgumentException">A span is shorter than its shape.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TN(Span<float> c, ReadOnlySpan<float> a, ReadOnlySpan<float> b, int m, int n, int k, bool accumulate = false) =>
        TN(Gemm.Best, c, a, b, m, n, k, accumulate);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void NT(GemmIsa isa, Span<float> c, ReadOnlySpan<float> a, ReadOnlySpan<float> b, int m, int n, int k, bool accumulate)
    {
        Check(c, a, b, m, n, k);
        fixed (float* pc = c, pa = a, pb = b) Gemm.Run(isa, pc, n, pa, k, 1, pb, 1, k, m, n, k, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void NN(GemmIsa isa, Span<float> c, ReadOnlySpan<float> a, ReadOnlySpan<float> b, int m, int n, int k, bool accumulate)
    {
        Check(c, a, b, m, n, k);
        fixed (float* pc = c, pa = a, pb = b) Gemm.Run(isa, pc, n, pa, k, 1, pb, n, 1, m, n, k, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void TN(GemmIsa isa, Span<float> c, ReadOnlySpan<float> a, ReadOnlySpan<float> b, int m, int n, int k, bool accumulate)
    {
        Check(c, a, b, m, n, k);
        fixed (float* pc = c, pa = a, pb = b) Gemm.Run(isa, pc, n, pa, 1, m, pb, n, 1, m, n, k, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Check(Span<float> c, ReadOnlySpan<float> a, ReadOnlySpan<float> b, int m, int n, int k)
    {
        if (m < 0 || n < 0 || k < 0) throw new ArgumentException($"shape (m, n, k) = ({m}, {n}, {k}) must be ≥ 0");
        if (c.Length < (long)m * n) throw new ArgumentException($"C needs {(long)m * n} values, has {c.Length}", nameof(c));
        if (a.Length < (long)m * k) throw new ArgumentException($"A needs {(long)m * k} values, has {a.Length}", nameof(a));
        if (b.Length < (long)n * k) throw new ArgumentException($"B needs {(long)n * k} values, has {b.Length}", nameof(b));
    }
}
