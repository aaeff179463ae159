using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Stepwise.Engine.Kernels;

/// <summary>
/// SGEMM register-tile microkernels on packed panels: a holds kc columns of MR values (a[p·MR + r] = A(r, p)),
/// b holds kc rows of NR values (b[p·NR + j] = B(p, j)). Each C element is one fused multiply-add chain over
/// p = 0..kc−1 in order, started from C (load) or from 0, so its value never depends on where the tile sits.
/// </summary>
internal static unsafe class GemmMicroKernels
{
    /// <summary>AVX-512 12×32 tile: C (12, 32) at c with row stride ldc; += (or = when !load) Σ_p a[p,·]ᵀ b[p,·]; prefetches the next tile at next (row stride ldc).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Avx512(int kc, float* a, float* b, float* c, int ldc, bool load, float* next)
    {
        unchecked
        {
            Sse.Prefetch0(next + 0 * ldc); Sse.Prefetch0(next + 0 * ldc + 16);
            Sse.Prefetch0(next + 1 * ldc); Sse.Prefetch0(next + 1 * ldc + 16);
            Sse.Prefetch0(next + 2 * ldc); Sse.Prefetch0(next + 2 * ldc + 16);
            Sse.Prefetch0(next + 3 * ldc); Sse.Prefetch0(next + 3 * ldc + 16);
            Sse.Prefetch0(next + 4 * ldc); Sse.Prefetch0(next + 4 * ldc + 16);
            Sse.Prefetch0(next + 5 * ldc); Sse.Prefetch0(next + 5 * ldc + 16);
            Sse.Prefetch0(next + 6 * ldc); Sse.Prefetch0(next + 6 * ldc + 16);
            Sse.Prefetch0(next + 7 * ldc); Sse.Prefetch0(next + 7 * ldc + 16);
            Sse.Prefetch0(next + 8 * ldc); Sse.Prefetch0(next + 8 * ldc + 16);
            Sse.Prefetch0(next + 9 * ldc); Sse.Prefetch0(next + 9 * ldc + 16);
            Sse.Prefetch0(next + 10 * ldc); Sse.Prefetch0(next + 10 * ldc + 16);
            Sse.Prefetch0(next + 11 * ldc); Sse.Prefetch0(next + 11 * ldc + 16);
            Vector512<float> c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71, c80, c81, c90, c91, c100, c101, c110, c111;
            if (load)
            {
                c00 = Vector512.Load(c + 0 * ldc); c01 = Vector512.Load(c + 0 * ldc + 16);
                c10 = Vector512.Load(c + 1 * ldc); c11 = Vector512.Load(c + 1 * ldc + 16);
                c20 = Vector512.Load(c + 2 * ldc); c21 = Vector512.Load(c + 2 * ldc + 16);
                c30 = Vector512.Load(c + 3 * ldc); c31 = Vector512.Load(c + 3 * ldc + 16);
                c40 = Vector512.Load(c + 4 * ldc); c41 = Vector512.Load(c + 4 * ldc + 16);
                c50 = Vector512.Load(c + 5 * ldc); c51 = Vector512.Load(c + 5 * ldc + 16);
                c60 = Vector512.Load(c + 6 * ldc); c61 = Vector512.Load(c + 6 * ldc + 16);
                c70 = Vector512.Load(c + 7 * ldc); c71 = Vector512.Load(c + 7 * ldc + 16);
                c80 = Vector512.Load(c + 8 * ldc); c81 = Vector512.Load(c + 8 * ldc + 16);
                c90 = Vector512.Load(c + 9 * ldc); c91 = Vector512.Load(c + 9 * ldc + 16);
                c100 = Vector512.Load(c + 10 * ldc); c101 = Vector512.Load(c + 10 * ldc + 16);
                c110 = Vector512.Load(c + 11 * ldc); c111 = Vector512.Load(c + 11 * ldc + 16);
            }
            else
            {
                c00 = Vector512<float>.Zero; c01 = Vector512<float>.Zero;
                c10 = Vector512<float>.Zero; c11 = Vector512<float>.Zero;
                c20 = Vector512<float>.Zero; c21 = Vector512<float>.Zero;
                c30 = Vector512<float>.Zero; c31 = Vector512<float>.Zero;
                c40 = Vector512<float>.Zero; c41 = Vector512<float>.Zero;
                c50 = Vector512<float>.Zero; c51 = Vector512<float>.Zero;
                c60 = Vector512<float>.Zero; c61 = Vector512<float>.Zero;
                c70 = Vector512<float>.Zero; c71 = Vector512<float>.Zero;
                c80 = Vector512<float>.Zero; c81 = Vector512<float>.Zero;
                c90 = Vector512<float>.Zero; c91 = Vector512<float>.Zero;
                c100 = Vector512<float>.Zero; c101 = Vector512<float>.Zero;
                c110 = Vector512<float>.Zero; c111 = Vector512<float>.Zero;
            }
            for (int p = 0; p < kc; p++)
            {
                Vector512<float> b0 = Vector512.Load(b), b1 = Vector512.Load(b + 16);
                Vector512<float> a0 = Vector512.Create(a[0]);
                c00 = Avx512F.FusedMultiplyAdd(a0, b0, c00); c01 = Avx512F.FusedMultiplyAdd(a0, b1, c01);
                Vector512<float> a1 = Vector512.Create(a[1]);
                c10 = Avx512F.FusedMultiplyAdd(a1, b0, c10); c11 = Avx512F.FusedMultiplyAdd(a1, b1, c11);
                Vector512<float> a2 = Vector512.Create(a[2]);
                c20 = Avx512F.FusedMultiplyAdd(a2, b0, c20); c21 = Avx512F.FusedMultiplyAdd(a2, b1, c21);
                Vector512<float> a3 = Vector512.Create(a[3]);
                c30 = Avx512F.FusedMultiplyAdd(a3, b0, c30); c31 = Avx512F.FusedMultiplyAdd(a3, b1, c31);
                Vector512<float> a4 = Vector512.Create(a[4]);
                c40 = Avx512F.FusedMultiplyAdd(a4, b0, c40); c41 = Avx512F.FusedMultiplyAdd(a4, b1, c41);
                Vector512<float> a5 = Vector512.Create(a[5]);
                c50 = Avx512F.FusedMultiplyAdd(a5, b0, c50); c51 = Avx512F.FusedMultiplyAdd(a5, b1, c51);
                Vector512<float> a6 = Vector512.Create(a[6]);
                c60 = Avx512F.FusedMultiplyAdd(a6, b0, c60); c61 = Avx512F.FusedMultiplyAdd(a6, b1, c61);
                Vector512<float> a7 = Vector512.Create(a[7]);
                c70 = Avx512F.FusedMultiplyAdd(a7, b0, c70); c71 = Avx512F.FusedMultiplyAdd(a7, b1, c71);
                Vector512<float> a8 = Vector512.Create(a[8]);
                c80 = Avx512F.FusedMultiplyAdd(a8, b0, c80); c81 = Avx512F.FusedMultiplyAdd(a8, b1, c81);
                Vector512<float> a9 = Vector512.Create(a[9]);
                c90 = Avx512F.FusedMultiplyAdd(a9, b0, c90); c91 = Avx512F.FusedMultiplyAdd(a9, b1, c91);
                Vector512<float> a10 = Vector512.Create(a[10]);
                c100 = Avx512F.FusedMultiplyAdd(a10, b0, c100); c101 = Avx512F.FusedMultiplyAdd(a10, b1, c101);
                Vector512<float> a11 = Vector512.Create(a[11]);
                c110 = Avx512F.FusedMultiplyAdd(a11, b0, c110); c111 = Avx512F.FusedMultiplyAdd(a11, b1, c111);
                a += 12;
                b += 32;
            }
            c00.Store(c + 0 * ldc); c01.Store(c + 0 * ldc + 16);
            c10.Store(c + 1 * ldc); c11.Store(c + 1 * ldc + 16);
            c20.Store(c + 2 * ldc); c21.Store(c + 2 * ldc + 16);
            c30.Store(c + 3 * ldc); c31.Store(c + 3 * ldc + 16);
            c40.Store(c + 4 * ldc); c41.Store(c + 4 * ldc + 16);
            c50.Store(c + 5 * ldc); c51.Store(c + 5 * ldc + 16);
            c60.Store(c + 6 * ldc); c61.Store(c + 6 * ldc + 16);
            c70.Store(c + 7 * ldc); c71.Store(c + 7 * ldc + 16);
            c80.Store(c + 8 * ldc); c81.Store(c + 8 * ldc + 16);
            c90.Store(c + 9 * ldc); c91.Store(c + 9 * ldc + 16);
            c100.Store(c + 10 * ldc); c101.Store(c + 10 * ldc + 16);
            c110.Store(c + 11 * ldc); c111.Store(c + 11 * ldc + 16);
        }
    }

    /// <summary>AVX-512 8×32 tile for a row edge of at most 8 rows: the first 8 rows of a packed 12-row A panel (a[p·12 + r]) times a
    /// packed 32-column B panel, C (8, 32) at c with row stride ldc; the same chain per element as <see cref="Avx512"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Avx512Rows8(int kc, float* a, float* b, float* c, int ldc, bool load)
    {
        unchecked
        {
            Vector512<float> c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
            if (load)
            {
                c00 = Vector512.Load(c + 0 * ldc); c01 = Vector512.Load(c + 0 * ldc + 16);
                c10 = Vector512.Load(c + 1 * ldc); c11 = Vector512.Load(c + 1 * ldc + 16);
                c20 = Vector512.Load(c + 2 * ldc); c21 = Vector512.Load(c + 2 * ldc + 16);
                c30 = Vector512.Load(c + 3 * ldc); c31 = Vector512.Load(c + 3 * ldc + 16);
                c40 = Vector512.Load(c + 4 * ldc); c41 = Vector512.Load(c + 4 * ldc + 16);
                c50 = Vector512.Load(c + 5 * ldc); c51 = Vector512.Load(c + 5 * ldc + 16);
                c60 = Vector512.Load(c + 6 * ldc); c61 = Vector512.Load(c + 6 * ldc + 16);
                c70 = Vector512.Load(c + 7 * ldc); c71 = Vector512.Load(c + 7 * ldc + 16);
            }
            else
            {
                c00 = Vector512<float>.Zero; c01 = Vector512<float>.Zero;
                c10 = Vector512<float>.Zero; c11 = Vector512<float>.Zero;
                c20 = Vector512<float>.Zero; c21 = Vector512<float>.Zero;
                c30 = Vector512<float>.Zero; c31 = Vector512<float>.Zero;
                c40 = Vector512<float>.Zero; c41 = Vector512<float>.Zero;
                c50 = Vector512<float>.Zero; c51 = Vector512<float>.Zero;
                c60 = Vector512<float>.Zero; c61 = Vector512<float>.Zero;
                c70 = Vector512<float>.Zero; c71 = Vector512<float>.Zero;
            }
            for (int p = 0; p < kc; p++)
            {
                Vector512<float> b0 = Vector512.Load(b), b1 = Vector512.Load(b + 16);
                Vector512<float> a0 = Vector512.Create(a[0]);
                c00 = Avx512F.FusedMultiplyAdd(a0, b0, c00); c01 = Avx512F.FusedMultiplyAdd(a0, b1, c01);
                Vector512<float> a1 = Vector512.Create(a[1]);
                c10 = Avx512F.FusedMultiplyAdd(a1, b0, c10); c11 = Avx512F.FusedMultiplyAdd(a1, b1, c11);
                Vector512<float> a2 = Vector512.Create(a[2]);
                c20 = Avx512F.FusedMultiplyAdd(a2, b0, c20); c21 = Avx512F.FusedMultiplyAdd(a2, b1, c21);
                Vector512<float> a3 = Vector512.Create(a[3]);
                c30 = Avx512F.FusedMultiplyAdd(a3, b0, c30); c31 = Avx512F.FusedMultiplyAdd(a3, b1, c31);
                Vector512<float> a4 = Vector512.Create(a[4]);
                c40 = Avx512F.FusedMultiplyAdd(a4, b0, c40); c41 = Avx512F.FusedMultiplyAdd(a4, b1, c41);
                Vector512<float> a5 = Vector512.Create(a[5]);
                c50 = Avx512F.FusedMultiplyAdd(a5, b0, c50); c51 = Avx512F.FusedMultiplyAdd(a5, b1, c51);
                Vector512<float> a6 = Vector512.Create(a[6]);
                c60 = Avx512F.FusedMultiplyAdd(a6, b0, c60); c61 = Avx512F.FusedMultiplyAdd(a6, b1, c61);
                Vector512<float> a7 = Vector512.Create(a[7]);
                c70 = Avx512F.FusedMultiplyAdd(a7, b0, c70); c71 = Avx512F.FusedMultiplyAdd(a7, b1, c71);
                a += 12;
                b += 32;
            }
            c00.Store(c + 0 * ldc); c01.Store(c + 0 * ldc + 16);
            c10.Store(c + 1 * ldc); c11.Store(c + 1 * ldc + 16);
            c20.Store(c + 2 * ldc); c21.Store(c + 2 * ldc + 16);
            c30.Store(c + 3 * ldc); c31.Store(c + 3 * ldc + 16);
            c40.Store(c + 4 * ldc); c41.Store(c + 4 * ldc + 16);
            c50.Store(c + 5 * ldc); c51.Store(c + 5 * ldc + 16);
            c60.Store(c + 6 * ldc); c61.Store(c + 6 * ldc + 16);
            c70.Store(c + 7 * ldc); c71.Store(c + 7 * ldc + 16);
        }
    }

    /// <summary>AVX-512 12×16 tile for a column edge of at most 16 columns: a packed 12-row A panel times the first 16
    /// columns of a packed 32-column B panel (b[p·32 + j]), C (12, 16) at c with row stride ldc; the same chain per element as
    /// <see cref="Avx512"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Avx512Cols16(int kc, float* a, float* b, float* c, int ldc, bool load)
    {
        unchecked
        {
            Vector512<float> c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11;
            if (load)
            {
                c0 = Vector512.Load(c + 0 * ldc); c1 = Vector512.Load(c + 1 * ldc);
                c2 = Vector512.Load(c + 2 * ldc); c3 = Vector512.Load(c + 3 * ldc);
                c4 = Vector512.Load(c + 4 * ldc); c5 = Vector512.Load(c + 5 * ldc);
                c6 = Vector512.Load(c + 6 * ldc); c7 = Vector512.Load(c + 7 * ldc);
                c8 = Vector512.Load(c + 8 * ldc); c9 = Vector512.Load(c + 9 * ldc);
                c10 = Vector512.Load(c + 10 * ldc); c11 = Vector512.Load(c + 11 * ldc);
            }
            else
            {
                c0 = Vector512<float>.Zero; c1 = Vector512<float>.Zero;
                c2 = Vector512<float>.Zero; c3 = Vector512<float>.Zero;
                c4 = Vector512<float>.Zero; c5 = Vector512<float>.Zero;
                c6 = Vector512<float>.Zero; c7 = Vector512<float>.Zero;
                c8 = Vector512<float>.Zero; c9 = Vector512<float>.Zero;
                c10 = Vector512<float>.Zero; c11 = Vector512<float>.Zero;
            }
            for (int p = 0; p < kc; p++)
            {
                Vector512<float> b0 = Vector512.Load(b);
                c0 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[0]), b0, c0); c1 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[1]), b0, c1);
                c2 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[2]), b0, c2); c3 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[3]), b0, c3);
                c4 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[4]), b0, c4); c5 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[5]), b0, c5);
                c6 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[6]), b0, c6); c7 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[7]), b0, c7);
                c8 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[8]), b0, c8); c9 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[9]), b0, c9);
                c10 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[10]), b0, c10); c11 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[11]), b0, c11);
                a += 12;
                b += 32;
            }
            c0.Store(c + 0 * ldc); c1.Store(c + 1 * ldc);
            c2.Store(c + 2 * ldc); c3.Store(c + 3 * ldc);
            c4.Store(c + 4 * ldc); c5.Store(c + 5 * ldc);
            c6.Store(c + 6 * ldc); c7.Store(c + 7 * ldc);
            c8.Store(c + 8 * ldc); c9.Store(c + 9 * ldc);
            c10.Store(c + 10 * ldc); c11.Store(c + 11 * ldc);
        }
    }

    /// <summary>AVX2/FMA 6×16 tile: C (6, 16) at c with row stride ldc; += (or = when !load) Σ_p a[p,·]ᵀ b[p,·].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Avx2(int kc, float* a, float* b, float* c, int ldc, bool load)
    {
        unchecked
        {
            Vector256<float> c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
            if (load)
            {
                c00 = Vector256.Load(c + 0 * ldc); c01 = Vector256.Load(c + 0 * ldc + 8);
                c10 = Vector256.Load(c + 1 * ldc); c11 = Vector256.Load(c + 1 * ldc + 8);
                c20 = Vector256.Load(c + 2 * ldc); c21 = Vector256.Load(c + 2 * ldc + 8);
                c30 = Vector256.Load(c + 3 * ldc); c31 = Vector256.Load(c + 3 * ldc + 8);
                c40 = Vector256.Load(c + 4 * ldc); c41 = Vector256.Load(c + 4 * ldc + 8);
                c50 = Vector256.Load(c + 5 * ldc); c51 = Vector256.Load(c + 5 * ldc + 8);
            }
            else
            {
                c00 = Vector256<float>.Zero; c01 = Vector256<float>.Zero;
                c10 = Vector256<float>.Zero; c11 = Vector256<float>.Zero;
                c20 = Vector256<float>.Zero; c21 = Vector256<float>.Zero;
                c30 = Vector256<float>.Zero; c31 = Vector256<float>.Zero;
                c40 = Vector256<float>.Zero; c41 = Vector256<float>.Zero;
                c50 = Vector256<float>.Zero; c51 = Vector256<float>.Zero;
            }
            for (int p = 0; p < kc; p++)
            {
                Vector256<float> b0 = Vector256.Load(b), b1 = Vector256.Load(b + 8);
                Vector256<float> a0 = Vector256.Create(a[0]);
                c00 = Fma.MultiplyAdd(a0, b0, c00); c01 = Fma.MultiplyAdd(a0, b1, c01);
                Vector256<float> a1 = Vector256.Create(a[1]);
                c10 = Fma.MultiplyAdd(a1, b0, c10); c11 = Fma.MultiplyAdd(a1, b1, c11);
                Vector256<float> a2 = Vector256.Create(a[2]);
                c20 = Fma.MultiplyAdd(a2, b0, c20); c21 = Fma.MultiplyAdd(a2, b1, c21);
                Vector256<float> a3 = Vector256.Create(a[3]);
                c30 = Fma.MultiplyAdd(a3, b0, c30); c31 = Fma.MultiplyAdd(a3, b1, c31);
                Vector256<float> a4 = Vector256.Create(a[4]);
                c40 = Fma.MultiplyAdd(a4, b0, c40); c41 = Fma.MultiplyAdd(a4, b1, c41);
                Vector256<float> a5 = Vector256.Create(a[5]);
                c50 = Fma.MultiplyAdd(a5, b0, c50); c51 = Fma.MultiplyAdd(a5, b1, c51);
                a += 6;
                b += 16;
            }
            c00.Store(c + 0 * ldc); c01.Store(c + 0 * ldc + 8);
            c10.Store(c + 1 * ldc); c11.Store(c + 1 * ldc + 8);
            c20.Store(c + 2 * ldc); c21.Store(c + 2 * ldc + 8);
            c30.Store(c + 3 * ldc); c31.Store(c + 3 * ldc + 8);
            c40.Store(c + 4 * ldc); c41.Store(c + 4 * ldc + 8);
            c50.Store(c + 5 * ldc); c51.Store(c + 5 * ldc + 8);
        }
    }

    /// <summary>Portable MR×NR tile (no SIMD), MR = NR = 4; separate multiply and add.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Scalar(int kc, float* a, float* b, float* c, int ldc, bool load)
    {
        unchecked
        {
            const int mr = 4, nr = 4;
            float* acc = stackalloc float[mr * nr];
            for (int r = 0; r < mr; r++)
            {
                for (int j = 0; j < nr; j++) acc[r * nr + j] = load ? c[r * ldc + j] : 0f;
            }
            for (int p = 0; p < kc; p++)
            {
                for (int r = 0; r < mr; r++)
                {
                    float ar = a[r];
                    for (int j = 0; j < nr; j++) acc[r * nr + j] += ar * b[j];
                }
                a += mr;
                b += nr;
            }
            for (int r = 0; r < mr; r++)
            {
                for (int j = 0; j < nr; j++) c[r * ldc + j] = acc[r * nr + j];
            }
        }
    }
}
