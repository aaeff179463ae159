using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Stepwise.Engine.Kernels;

/// <summary>
/// Packing of SGEMM operands into the panel layouts the microkernels read. A(i, p) = a[i·rs + p·cs] goes to panels of
/// mr rows, dst[q·mr·kc + p·mr + r]; B(p, j) = b[p·rs + j·cs] to panels of nr columns, dst[q·nr·kc + p·nr + j].
/// Rows (columns) past the matrix edge are zero. Packing only copies: it never changes a value.
/// </summary>
internal static unsafe class GemmPack
{
    /// <summary>Floats of slack the packed A buffer needs past its end (its 16-wide stores of 12-row columns overlap).</summary>
    internal const int Slack = 16;

    /// <summary>Packs the mc×kc block of A at a into panels of mr rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void PackA(float* dst, float* a, int rs, int cs, int mc, int kc, int mr, bool avx512)
    {
        unchecked
        {
            for (int i0 = 0; i0 < mc; i0 += mr, dst += mr * kc)
            {
                int rows = Math.Min(mr, mc - i0);
                float* src = a + (nint)i0 * rs;
                if (avx512 && mr == 12)
                {
                    // whole or partial panel (rows ≤ 12): rows past the edge zero
                    if (cs == 1)
                    {
                        int p = 0;
                        for (; p + 16 <= kc; p += 16) Transpose16(src + p, rs, rows, dst + p * 12, 12);
                        for (; p < kc; p++)
                        {
                            for (int r = 0; r < 12; r++) dst[p * 12 + r] = r < rows ? src[(nint)r * rs + p] : 0f;
                        }
                        continue;
                    }
                    if (rs == 1)
                    {
                        // 16-wide stores: each overwrites the next row's first 4 floats, the last one 4 of Slack
                        Vector512<float> mask = FirstLanes(rows);
                        for (int p = 0; p < kc; p++) Avx512F.MaskLoad(src + (nint)p * cs, mask, Vector512<float>.Zero).Store(dst + p * 12);
                        continue;
                    }
                }
                for (int r = 0; r < rows; r++)
                {
                    float* s = src + (nint)r * rs;
                    for (int p = 0; p < kc; p++) dst[p * mr + r] = s[(nint)p * cs];
                }
                for (int r = rows; r < mr; r++)
                {
                    for (int p = 0; p < kc; p++) dst[p * mr + r] = 0f;
                }
            }
        }
    }

    /// <summary>Packs the kc×nc block of B at b into panels of nr columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void PackB(float* dst, float* b, int rs, int cs, int kc, int nc, int nr, bool avx512)
    {
        unchecked
        {
            for (int j0 = 0; j0 < nc; j0 += nr, dst += nr * kc)
            {
                int cols = Math.Min(nr, nc - j0);
                float* src = b + (nint)j0 * cs;
                if (avx512 && nr == 32)
                {
                    // whole or partial panel (cols ≤ 32): columns past the edge zero
                    if (cs == 1)
                    {
                        Vector512<float> lo = FirstLanes(cols), hi = FirstLanes(cols - 16);
                        for (int p = 0; p < kc; p++)
                        {
                            float* s = src + (nint)p * rs;
                            Avx512F.MaskLoad(s, lo, Vector512<float>.Zero).Store(dst + p * 32);
                            Avx512F.MaskLoad(s + 16, hi, Vector512<float>.Zero).Store(dst + p * 32 + 16);
                        }
                        continue;
                    }
                    if (rs == 1)
                    {
                        int p = 0;
                        for (; p + 16 <= kc; p += 16)
                        {
                            Transpose16(src + p, cs, Math.Min(cols, 16), dst + p * 32, 32);
                            Transpose16(src + (nint)16 * cs + p, cs, cols - 16, dst + p * 32 + 16, 32);
                        }
                        for (; p < kc; p++)
                        {
                            for (int j = 0; j < 32; j++) dst[p * 32 + j] = j < cols ? src[(nint)j * cs + p] : 0f;
                        }
                        continue;
                    }
                }
                if (cols == nr && cs == 1)
                {
                    for (int p = 0; p < kc; p++) new ReadOnlySpan<float>(src + (nint)p * rs, nr).CopyTo(new Span<float>(dst + p * nr, nr));
                    continue;
                }
                for (int j = 0; j < cols; j++)
                {
                    float* s = src + (nint)j * cs;
                    for (int p = 0; p < kc; p++) dst[p * nr + j] = s[(nint)p * rs];
                }
                for (int j = cols; j < nr; j++)
                {
                    for (int p = 0; p < kc; p++) dst[p * nr + j] = 0f;
                }
            }
        }
    }

    /// <summary>
    /// Reads rows r &lt; <paramref name="rows"/> (any count; rows from max(rows, 0) to 16 count as 0, and are not read) of 16 floats at src + r·stride and writes
    /// column q as 16 floats at dst + q·dstStride, q ascending (a later store may overwrite an earlier one's tail).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Transpose16(float* src, int stride, int rows, float* dst, int dstStride)
    {
        unchecked
        {
            Vector512<float> z = Vector512<float>.Zero;
            Vector512<float> r0 = rows > 0 ? Vector512.Load(src) : z, r1 = rows > 1 ? Vector512.Load(src + stride) : z;
            Vector512<float> r2 = rows > 2 ? Vector512.Load(src + 2 * stride) : z, r3 = rows > 3 ? Vector512.Load(src + 3 * stride) : z;
            Vector512<float> r4 = rows > 4 ? Vector512.Load(src + 4 * stride) : z, r5 = rows > 5 ? Vector512.Load(src + 5 * stride) : z;
            Vector512<float> r6 = rows > 6 ? Vector512.Load(src + 6 * stride) : z, r7 = rows > 7 ? Vector512.Load(src + 7 * stride) : z;
            Vector512<float> r8 = rows > 8 ? Vector512.Load(src + 8 * stride) : z, r9 = rows > 9 ? Vector512.Load(src + 9 * stride) : z;
            Vector512<float> r10 = rows > 10 ? Vector512.Load(src + 10 * stride) : z, r11 = rows > 11 ? Vector512.Load(src + 11 * stride) : z;
            Vector512<float> r12 = rows > 12 ? Vector512.Load(src + 12 * stride) : z, r13 = rows > 13 ? Vector512.Load(src + 13 * stride) : z;
            Vector512<float> r14 = rows > 14 ? Vector512.Load(src + 14 * stride) : z, r15 = rows > 15 ? Vector512.Load(src + 15 * stride) : z;
            // 1: interleave pairs of rows within 128-bit lanes
            Vector512<float> t0 = Avx512F.UnpackLow(r0, r1), t1 = Avx512F.UnpackHigh(r0, r1);
            Vector512<float> t2 = Avx512F.UnpackLow(r2, r3), t3 = Avx512F.UnpackHigh(r2, r3);
            Vector512<float> t4 = Avx512F.UnpackLow(r4, r5), t5 = Avx512F.UnpackHigh(r4, r5);
            Vector512<float> t6 = Avx512F.UnpackLow(r6, r7), t7 = Avx512F.UnpackHigh(r6, r7);
            Vector512<float> t8 = Avx512F.UnpackLow(r8, r9), t9 = Avx512F.UnpackHigh(r8, r9);
            Vector512<float> t10 = Avx512F.UnpackLow(r10, r11), t11 = Avx512F.UnpackHigh(r10, r11);
            Vector512<float> t12 = Avx512F.UnpackLow(r12, r13), t13 = Avx512F.UnpackHigh(r12, r13);
            Vector512<float> t14 = Avx512F.UnpackLow(r14, r15), t15 = Avx512F.UnpackHigh(r14, r15);
            // 2: 4×4 transposes within lanes: u(4g + c) lane L = column 4L + c of rows 4g..4g+3
            Vector512<float> u0 = Lo(t0, t2), u1 = Hi(t0, t2), u2 = Lo(t1, t3), u3 = Hi(t1, t3);
            Vector512<float> u4 = Lo(t4, t6), u5 = Hi(t4, t6), u6 = Lo(t5, t7), u7 = Hi(t5, t7);
            Vector512<float> u8 = Lo(t8, t10), u9 = Hi(t8, t10), u10 = Lo(t9, t11), u11 = Hi(t9, t11);
            Vector512<float> u12 = Lo(t12, t14), u13 = Hi(t12, t14), u14 = Lo(t13, t15), u15 = Hi(t13, t15);
            // 3, 4: move 128-bit lanes (0x88 takes lanes 0, 2; 0xDD lanes 1, 3)
            Vector512<float> v0 = Avx512F.Shuffle4x128(u0, u4, 0x88), v4 = Avx512F.Shuffle4x128(u0, u4, 0xDD);
            Vector512<float> v1 = Avx512F.Shuffle4x128(u1, u5, 0x88), v5 = Avx512F.Shuffle4x128(u1, u5, 0xDD);
            Vector512<float> v2 = Avx512F.Shuffle4x128(u2, u6, 0x88), v6 = Avx512F.Shuffle4x128(u2, u6, 0xDD);
            Vector512<float> v3 = Avx512F.Shuffle4x128(u3, u7, 0x88), v7 = Avx512F.Shuffle4x128(u3, u7, 0xDD);
            Vector512<float> v8 = Avx512F.Shuffle4x128(u8, u12, 0x88), v12 = Avx512F.Shuffle4x128(u8, u12, 0xDD);
            Vector512<float> v9 = Avx512F.Shuffle4x128(u9, u13, 0x88), v13 = Avx512F.Shuffle4x128(u9, u13, 0xDD);
            Vector512<float> v10 = Avx512F.Shuffle4x128(u10, u14, 0x88), v14 = Avx512F.Shuffle4x128(u10, u14, 0xDD);
            Vector512<float> v11 = Avx512F.Shuffle4x128(u11, u15, 0x88), v15 = Avx512F.Shuffle4x128(u11, u15, 0xDD);
            Avx512F.Shuffle4x128(v0, v8, 0x88).Store(dst);
            Avx512F.Shuffle4x128(v1, v9, 0x88).Store(dst + dstStride);
            Avx512F.Shuffle4x128(v2, v10, 0x88).Store(dst + 2 * dstStride);
            Avx512F.Shuffle4x128(v3, v11, 0x88).Store(dst + 3 * dstStride);
            Avx512F.Shuffle4x128(v4, v12, 0x88).Store(dst + 4 * dstStride);
            Avx512F.Shuffle4x128(v5, v13, 0x88).Store(dst + 5 * dstStride);
            Avx512F.Shuffle4x128(v6, v14, 0x88).Store(dst + 6 * dstStride);
            Avx512F.Shuffle4x128(v7, v15, 0x88).Store(dst + 7 * dstStride);
            Avx512F.Shuffle4x128(v0, v8, 0xDD).Store(dst + 8 * dstStride);
            Avx512F.Shuffle4x128(v1, v9, 0xDD).Store(dst + 9 * dstStride);
            Avx512F.Shuffle4x128(v2, v10, 0xDD).Store(dst + 10 * dstStride);
            Avx512F.Shuffle4x128(v3, v11, 0xDD).Store(dst + 11 * dstStride);
            Avx512F.Shuffle4x128(v4, v12, 0xDD).Store(dst + 12 * dstStride);
            Avx512F.Shuffle4x128(v5, v13, 0xDD).Store(dst + 13 * dstStride);
            Avx512F.Shuffle4x128(v6, v14, 0xDD).Store(dst + 14 * dstStride);
            Avx512F.Shuffle4x128(v7, v15, 0xDD).Store(dst + 15 * dstStride);
        }
    }

    /// <summary>A mask of the first <paramref name="count"/> lanes (none when count ≤ 0, all when count ≥ 16).</summary>
    private static Vector512<float> FirstLanes(int count) =>
        Vector512.LessThan(Vector512.Create(0f, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), Vector512.Create((float)count));

    private static Vector512<float> Lo(Vector512<float> x, Vector512<float> y) => Avx512F.UnpackLow(x.AsDouble(), y.AsDouble()).AsSingle();

    private static Vector512<float> Hi(Vector512<float> x, Vector512<float> y) => Avx512F.UnpackHigh(x.AsDouble(), y.AsDouble()).AsSingle();
}
