using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Stepwise.Engine.Kernels;

/// <summary>
/// Float32 column sums, db (m) += Σᵢ dy (n, m) row i, the bias gradient of a linear layer. Each db[j] is added to
/// row by row in order i = 0..n−1 with plain adds (no fused multiply-add), so the result is bitwise that of adding
/// the rows one after another.
/// </summary>
internal static unsafe class ColumnSumKernels
{
    /// <summary>db (m) += the column sums of dy (n, m).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Accumulate(Span<float> db, ReadOnlySpan<float> dy, int n, int m)
    {
        if (n < 0 || m < 0 || db.Length < m || dy.Length < (long)n * m) throw new ArgumentException($"need db ≥ {m} and dy ≥ {(long)n * m} values for (n, m) = ({n}, {m})");
        unchecked
        {
            fixed (float* pdb = db, pdy = dy)
            {
                int j = 0;
                if (Vector512.IsHardwareAccelerated)
                {
                    for (; j + 64 <= m; j += 64)
                    {
                        float* d = pdb + j, y = pdy + j;
                        Vector512<float> a0 = Vector512.Load(d), a1 = Vector512.Load(d + 16), a2 = Vector512.Load(d + 32), a3 = Vector512.Load(d + 48);
                        for (int i = 0; i < n; i++, y += m)
                        {
                            a0 += Vector512.Load(y);
                            a1 += Vector512.Load(y + 16);
                            a2 += Vector512.Load(y + 32);
                            a3 += Vector512.Load(y + 48);
                        }
                        a0.Store(d); a1.Store(d + 16); a2.Store(d + 32); a3.Store(d + 48);
                    }
                    for (; j + 16 <= m; j += 16)
                    {
                        float* y = pdy + j;
                        Vector512<float> a = Vector512.Load(pdb + j);
                        for (int i = 0; i < n; i++, y += m) a += Vector512.Load(y);
                        a.Store(pdb + j);
                    }
                }
                for (; j < m; j++)
                {
                    float a = pdb[j];
                    float* y = pdy + j;
                    for (int i = 0; i < n; i++, y += m) a += *y;
                    pdb[j] = a;
                }
            }
        }
    }
}
