using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Stepwise.Engine.Kernels;

/// <summary>
/// The packed, cache-blocked SGEMM driver: C (m, n; row stride ldc) = or += A·B for A(i, p) = a[i·ars + p·acs] and
/// B(p, j) = b[p·brs + j·bcs], so one routine serves every transposition. Loops as BLIS: column blocks of NC, depth
/// blocks of KC (B block packed), row blocks of MC (A block packed), then NR × MR register tiles.
/// </summary>
/// <remarks>
/// Determinism: C(i, j) is one fused multiply-add chain over p = 0..k−1 in order: each depth block continues the
/// chain from the stored C value (the first starts from C when accumulating, else from 0). Depth blocks depend on k
/// only (<see cref="DepthBlock"/>) and are never split across threads, and edge tiles run the same chain through a
/// scratch tile, so a value depends only on the ISA, never on the thread count, the task split or the tile position.
/// </remarks>
internal static unsafe class Gemm
{
    /// <summary>Products with fewer multiply-adds than this run on the calling thread only, counted over whole register
    /// tiles (what the kernels compute: a 128×10 output costs as much as 132×32).</summary>
    internal const long ParallelMinMacs = 1L << 20;

    /// <summary>The fastest microkernel family this machine supports.</summary>
    internal static GemmIsa Best { get; } =
        Avx512F.IsSupported ? GemmIsa.Avx512 : Avx2.IsSupported && Fma.IsSupported ? GemmIsa.Avx2 : GemmIsa.Scalar;

    /// <summary>Register tile and cache blocks of a family: MR, NR, KC, MC (multiple of MR), NC (multiple of NR).</summary>
    internal static (int Mr, int Nr, int Kc, int Mc, int Nc) Blocking(GemmIsa isa) => isa switch
    {
        GemmIsa.Avx512 => (12, 32, 512, 192, 3072),
        GemmIsa.Avx2 => (6, 16, 256, 192, 3072),
        _ => (4, 4, 256, 128, 1024),
    };

    /// <summary>C = A·B (or C += A·B when <paramref name="accumulate"/>), see the type's remarks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Run(GemmIsa isa, float* c, int ldc, float* a, int ars, int acs, float* b, int brs, int bcs, int m, int n, int k, bool accumulate)
    {
        if (m <= 0 || n <= 0) return;
        if (k <= 0)
        {
            if (!accumulate)
            {
                for (int i = 0; i < m; i++) new Span<float>(c + (nint)i * ldc, n).Clear();
            }
            return;
        }
        var (mr, nr, _, _, _) = Blocking(isa);
        int gm = 1, gn = 1;
        int threads = EngineThreads.Count;
        if (threads > 1 && (long)((m + mr - 1) / mr * mr) * ((n + nr - 1) / nr * nr) * k >= ParallelMinMacs) (gm, gn) = Grid(threads, m, n, mr, nr);
        GemmJob job = GemmJob.ForThisThread();
        job.Set(isa, c, ldc, a, ars, acs, b, brs, bcs, m, n, k, accumulate, gm, gn);
        EngineThreads.Run(job, gm * gn);
        job.Clear();
    }

    /// <summary>Splits C into gm × gn tasks, gm·gn ≤ threads, preferring more tasks and then the least redundant
    /// packing: every task packs its rows of A and its columns of B, in total (gn·m + gm·n)·k values.</summary>
    internal static (int Gm, int Gn) Grid(int threads, int m, int n, int mr, int nr)
    {
        int rowTiles = (m + mr - 1) / mr, colTiles = (n + nr - 1) / nr;
        for (int tasks = threads; tasks > 1; tasks--)
        {
            (int, int) best = (0, 0);
            long bestCost = long.MaxValue;
            for (int gm = 1; gm <= tasks; gm++)
            {
                if (tasks % gm != 0) continue;
                int gn = tasks / gm;
                if (gm > rowTiles || gn > colTiles) continue;
                long cost = (long)gn * m + (long)gm * n;
                if (cost < bestCost) (best, bestCost) = ((gm, gn), cost);
            }
            if (bestCost != long.MaxValue) return best;
        }
        return (1, 1);
    }

    /// <summary>Computes the C block rows i0..i1−1, columns j0..j1−1 (the whole depth k) on the calling thread.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Block(GemmIsa isa, float* c, int ldc, float* a, int ars, int acs, float* b, int brs, int bcs,
        int i0, int i1, int j0, int j1, int k, bool accumulate)
    {
        unchecked
        {
            var (mr, nr, kcMax, mcMax, ncMax) = Blocking(isa);
            kcMax = DepthBlock(k, kcMax);
            int ncCap = Math.Min(ncMax, (j1 - j0 + nr - 1) / nr * nr);
            int mcCap = Math.Min(mcMax, (i1 - i0 + mr - 1) / mr * mr);
            int kcCap = Math.Min(kcMax, k);
            GemmScratch s = GemmScratch.For(mcCap * kcCap + GemmPack.Slack, kcCap * ncCap);
            bool avx512 = isa == GemmIsa.Avx512;
            for (int jc = j0; jc < j1; jc += ncMax)
            {
                int nc = Math.Min(ncMax, j1 - jc);
                for (int pc = 0; pc < k; pc += kcMax)
                {
                    int kc = Math.Min(kcMax, k - pc);
                    bool load = accumulate || pc > 0;
                    if (i1 - i0 <= mcMax)
                    {
                        // One row block: each B panel is used once, so pack it just before its tiles (it is still in cache)
                        // instead of packing the whole block first.
                        GemmPack.PackA(s.A, a + (nint)i0 * ars + (nint)pc * acs, ars, acs, i1 - i0, kc, mr, avx512);
                        for (int jr = 0; jr < nc; jr += nr)
                        {
                            int ncols = Math.Min(nr, nc - jr);
                            GemmPack.PackB(s.B, b + (nint)pc * brs + (nint)(jc + jr) * bcs, brs, bcs, kc, ncols, nr, avx512);
                            Panel(isa, s.A, s.B, s.Tile, c, ldc, i0, i1 - i0, jc + jr, ncols, kc, mr, nr, load);
                        }
                        continue;
                    }
                    GemmPack.PackB(s.B, b + (nint)pc * brs + (nint)jc * bcs, brs, bcs, kc, nc, nr, avx512);
                    for (int ic = i0; ic < i1; ic += mcMax)
                    {
                        int mc = Math.Min(mcMax, i1 - ic);
                        GemmPack.PackA(s.A, a + (nint)ic * ars + (nint)pc * acs, ars, acs, mc, kc, mr, avx512);
                        for (int jr = 0; jr < nc; jr += nr)
                        {
                            Panel(isa, s.A, s.B + (nint)jr * kc, s.Tile, c, ldc, ic, mc, jc + jr, Math.Min(nr, nc - jr), kc, mr, nr, load);
                        }
                    }
                }
            }
        }
    }

    /// <summary>The depth block for depth k: k split into the fewest blocks of at most <paramref name="kcMax"/>, of
    /// about equal size, a multiple of 16 so that transposing packs run whole 16 × 16 blocks (KC = 512: 784 → 400, 384;
    /// KC = 256: 784 → 208, 208, 208, 160 rather than 256, 256, 256, 16). Depends on k only.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int DepthBlock(int k, int kcMax)
    {
        int blocks = (k + kcMax - 1) / kcMax;
        int kc = (k + blocks - 1) / blocks;
        return Math.Min(kcMax, (kc + 15) / 16 * 16);
    }

    /// <summary>The tiles of rows ic..ic+mc−1 (packed A at pa) and columns col..col+ncols−1, ncols ≤ NR (packed
    /// panel at pb).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Panel(GemmIsa isa, float* pa, float* pb, float* tile, float* c, int ldc, int ic, int mc, int col, int ncols, int kc, int mr, int nr, bool load)
    {
        unchecked
        {
            for (int ir = 0; ir < mc; ir += mr)
            {
                int nrows = Math.Min(mr, mc - ir);
                float* ap = pa + (nint)ir * kc;
                float* cp = c + (nint)(ic + ir) * ldc + col;
                if (nrows == mr && ncols == nr)
                {
                    float* next = ir + mr < mc ? cp + (nint)mr * ldc : c + (nint)ic * ldc + col + nr;
                    if (isa == GemmIsa.Avx512) GemmMicroKernels.Avx512(kc, ap, pb, cp, ldc, load, next);
                    else Tile(isa, kc, ap, pb, cp, ldc, load);
                    continue;
                }
                EdgeTile(isa, kc, ap, pb, cp, ldc, tile, mr, nr, nrows, ncols, load);
            }
        }
    }

    /// <summary>An edge tile (nrows ≤ MR, ncols ≤ NR): the same chain as a full tile, so the stored values are those a
    /// full tile would give. On AVX-512 a narrow edge (≤ 16 columns) runs the 12×16 kernel and a shallow one (≤ 8 rows)
    /// the 8×32 kernel: less work for the same values. An edge that fills the chosen kernel's tile exactly (M = 128 =
    /// 10·12 + 8 rows, N = 784 = 24·32 + 16 columns) is computed in place; any other goes through the scratch tile t,
    /// where cells past the edge start from 0 and are never stored.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void EdgeTile(GemmIsa isa, int kc, float* ap, float* bp, float* cp, int ldc, float* t, int mr, int nr, int nrows, int ncols, bool load)
    {
        unchecked
        {
            bool narrow = isa == GemmIsa.Avx512 && ncols <= 16;
            bool shallow = isa == GemmIsa.Avx512 && !narrow && nrows <= 8;
            int tw = narrow ? 16 : nr, th = shallow ? 8 : mr;
            if (nrows == th && ncols == tw && (narrow || shallow))
            {
                if (narrow) GemmMicroKernels.Avx512Cols16(kc, ap, bp, cp, ldc, load);
                else GemmMicroKernels.Avx512Rows8(kc, ap, bp, cp, ldc, load);
                return;
            }
            if (load)
            {
                for (int r = 0; r < th; r++)
                {
                    float* tr = t + r * tw;
                    if (r >= nrows) new Span<float>(tr, tw).Clear();
                    else if (ncols == tw) new ReadOnlySpan<float>(cp + (nint)r * ldc, tw).CopyTo(new Span<float>(tr, tw));
                    else
                    {
                        new ReadOnlySpan<float>(cp + (nint)r * ldc, ncols).CopyTo(new Span<float>(tr, ncols));
                        new Span<float>(tr + ncols, tw - ncols).Clear();
                    }
                }
            }
            if (narrow) GemmMicroKernels.Avx512Cols16(kc, ap, bp, t, tw, load);
            else if (shallow) GemmMicroKernels.Avx512Rows8(kc, ap, bp, t, tw, load);
            else Tile(isa, kc, ap, bp, t, nr, load);
            for (int r = 0; r < nrows; r++) new ReadOnlySpan<float>(t + r * tw, ncols).CopyTo(new Span<float>(cp + (nint)r * ldc, ncols));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile(GemmIsa isa, int kc, float* a, float* b, float* c, int ldc, bool load)
    {
        switch (isa)
        {
            case GemmIsa.Avx512: GemmMicroKernels.Avx512(kc, a, b, c, ldc, load, c); break;
            case GemmIsa.Avx2: GemmMicroKernels.Avx2(kc, a, b, c, ldc, load); break;
            default: GemmMicroKernels.Scalar(kc, a, b, c, ldc, load); break;
        }
    }
}
