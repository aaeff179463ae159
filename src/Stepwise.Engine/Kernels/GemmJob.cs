using System.Runtime.CompilerServices;
namespace Stepwise.Engine.Kernels;

/// <summary>One <see cref="Gemm"/> call split into gm × gn blocks of C (rows in whole MR tiles, columns in whole NR
/// tiles, as even as possible); task t computes block (t / gn, t mod gn) over the whole depth. One reusable instance
/// per calling thread.</summary>
internal sealed unsafe class GemmJob : ParallelJob
{
    [ThreadStatic] private static GemmJob? t_job;
    private GemmIsa _isa;
    private float* _c, _a, _b;
    private int _ldc, _ars, _acs, _brs, _bcs, _m, _n, _k, _gm, _gn;
    private bool _accumulate;

    /// <summary>The calling thread's instance.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static GemmJob ForThisThread() => t_job ??= new GemmJob();

    /// <summary>Sets the product to compute.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Set(GemmIsa isa, float* c, int ldc, float* a, int ars, int acs, float* b, int brs, int bcs, int m, int n, int k, bool accumulate, int gm, int gn)
    {
        _c = c;
        _a = a;
        _b = b;
        (_isa, _ldc, _ars, _acs, _brs, _bcs) = (isa, ldc, ars, acs, brs, bcs);
        (_m, _n, _k, _accumulate, _gm, _gn) = (m, n, k, accumulate, gm, gn);
    }

    /// <summary>Drops the pointers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Clear()
    {
        _c = null;
        _a = null;
        _b = null;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Execute(int index)
    {
        var (mr, nr, _, _, _) = Gemm.Blocking(_isa);
        int bi = index / _gn, bj = index % _gn;
        var (i0, i1) = Split(_m, mr, _gm, bi);
        var (j0, j1) = Split(_n, nr, _gn, bj);
        if (i0 < i1 && j0 < j1) Gemm.Block(_isa, _c, _ldc, _a, _ars, _acs, _b, _brs, _bcs, i0, i1, j0, j1, _k, _accumulate);
    }

    /// <summary>Part q of g of 0..size−1 in whole tiles of <paramref name="tile"/>.</summary>
    private static (int Start, int End) Split(int size, int tile, int g, int q)
    {
        long tiles = (size + tile - 1) / tile;
        int start = (int)(tiles * q / g) * tile, end = (int)(tiles * (q + 1) / g) * tile;
        return (Math.Min(start, size), Math.Min(end, size));
    }
}
