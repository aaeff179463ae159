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
    public void PackA_WritesTheDocumentedPanels(int rows, int depth, bool avx512) =>
        CheckPanels("A", rows, depth, 12, GemmPack.Slack, (dst, src, outer, along) => GemmPack.PackA(dst, src, outer, along, rows, depth, 12, avx512));

    [Theory]
    [MemberData(nameof(Sizes))]
    public void PackB_WritesTheDocumentedPanels(int cols, int depth, bool avx512) =>
        CheckPanels("B", cols, depth, 32, 0, (dst, src, outer, along) => GemmPack.PackB(dst, src, along, outer, depth, cols, 32, avx512));

    /// <summary>A pack of a count × depth operand with element (i, p) at src[i·outer + p·along].</summary>
    private delegate void Pack(float* dst, float* src, int outer, int along);

    /// <summary>Packs count × depth sources of every layout into panels of <paramref name="width"/> and checks every
    /// value, dst[q·width·depth + p·width + r] = element (q·width + r, p) or 0 past the edge, and that nothing is written
    /// past the panels plus <paramref name="slack"/>.</summary>
    private static void CheckPanels(string what, int count, int depth, int width, int slack, Pack pack)
    {
        foreach (var (outer, along, len) in Strides(count, depth))
        {
            float[] src = Source(len);
            int panels = (count + width - 1) / width;
            float[] dst = new float[panels * width * depth + slack + 8];
            Array.Fill(dst, Sentinel);
            fixed (float* pd = dst, ps = src) pack(pd, ps, outer, along);
            for (int q = 0; q < panels; q++)
            {
                for (int p = 0; p < depth; p++)
                {
                    for (int r = 0; r < width; r++)
                    {
                        int i = q * width + r;
                        float want = i < count ? src[i * outer + p * along] : 0f;
                        Assert.True(want.Equals(dst[q * width * depth + p * width + r]), $"{what} outer={outer} along={along} ({count}, {depth}) panel {q} p {p} r {r}");
                    }
                }
            }
            for (int i = panels * width * depth + slack; i < dst.Length; i++) Assert.Equal(Sentinel, dst[i]);
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
