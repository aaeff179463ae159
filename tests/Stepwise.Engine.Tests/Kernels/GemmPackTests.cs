using Stepwise.Engine.Kernels;

namespace Stepwise.Engine.Tests.Kernels;

/// <summary>Packing only copies: every packed panel equals the documented layout (values past the matrix edge zero),
/// for whole and partial panels, row-major, column-major and strided sources, and nothing is written past the panels
/// (plus <see cref="GemmPack.Slack"/> for A).</summary>
public unsafe class GemmPackTests
{
    private const float Sentinel = -12345f;

    public static TheoryData<int, int, bool> Sizes()
    {
        // (rows or columns of the block, depth, AVX-512 paths): whole panels, partial panels of every width class,
        // depths with and without a 16-tail
        var data = new TheoryData<int, int, bool>();
        foreach (int count in new[] { 1, 5, 8, 10, 12, 16, 17, 24, 31, 32, 44, 64, 70 })
        {
            foreach (int depth in new[] { 1, 15, 16, 33, 400 })
            {
                data.Add(count, depth, true);
                if (depth == 33) data.Add(count, depth, false);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void PackA_WritesTheDocumentedPanels(int rows, int depth, bool avx512)
    {
        const int mr = 12;
        foreach (var (rs, cs, len) in Strides(rows, depth))
        {
            float[] a = Source(len);
            int panels = (rows + mr - 1) / mr;
            float[] dst = new float[panels * mr * depth + GemmPack.Slack + 8];
            Array.Fill(dst, Sentinel);
            fixed (float* pd = dst, pa = a) GemmPack.PackA(pd, pa, rs, cs, rows, depth, mr, avx512);
            for (int q = 0; q < panels; q++)
            {
                for (int p = 0; p < depth; p++)
                {
                    for (int r = 0; r < mr; r++)
                    {
                        int i = q * mr + r;
                        float want = i < rows ? a[i * rs + p * cs] : 0f;
                        Assert.True(want.Equals(dst[q * mr * depth + p * mr + r]), $"A rs={rs} cs={cs} ({rows}, {depth}) panel {q} p {p} r {r}");
                    }
                }
            }
            for (int i = panels * mr * depth + GemmPack.Slack; i < dst.Length; i++) Assert.Equal(Sentinel, dst[i]);
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void PackB_WritesTheDocumentedPanels(int cols, int depth, bool avx512)
    {
        const int nr = 32;
        foreach (var (cs, rs, len) in Strides(cols, depth))
        {
            float[] b = Source(len);
            int panels = (cols + nr - 1) / nr;
            float[] dst = new float[panels * nr * depth + 8];
            Array.Fill(dst, Sentinel);
            fixed (float* pd = dst, pb = b) GemmPack.PackB(pd, pb, rs, cs, depth, cols, nr, avx512);
            for (int q = 0; q < panels; q++)
            {
                for (int p = 0; p < depth; p++)
                {
                    for (int j = 0; j < nr; j++)
                    {
                        int col = q * nr + j;
                        float want = col < cols ? b[p * rs + col * cs] : 0f;
                        Assert.True(want.Equals(dst[q * nr * depth + p * nr + j]), $"B rs={rs} cs={cs} ({depth}, {cols}) panel {q} p {p} j {j}");
                    }
                }
            }
            for (int i = panels * nr * depth; i < dst.Length; i++) Assert.Equal(Sentinel, dst[i]);
        }
    }

    /// <summary>(stride of the panel dimension, stride of the depth, source length) for a count × depth operand:
    /// depth contiguous (the transposing packs), panel dimension contiguous (the copying packs), and both strided.</summary>
    private static IEnumerable<(int Outer, int Depth, int Length)> Strides(int count, int depth)
    {
        yield return (depth + 3, 1, count * (depth + 3));
        yield return (1, count + 5, depth * (count + 5));
        yield return (2, 2 * count + 1, depth * (2 * count + 1));
    }

    /// <summary>Distinct, exactly representable values, so a misplaced copy cannot match by accident.</summary>
    private static float[] Source(int length)
    {
        float[] v = new float[length];
        for (int i = 0; i < length; i++) v[i] = i + 1;
        return v;
    }
}
