using FsCheck;
using FsCheck.Fluent;
using Stepwise.Engine.Kernels;
using static Stepwise.Engine.Tests.Kernels.GemmReference;

namespace Stepwise.Engine.Tests.Kernels;

public class SgemmTests
{
    private static readonly int[] Awkward = [1, 2, 7, 15, 16, 17, 31, 33, 63, 65, 127, 129];

    /// <summary>(m, n, k): cubes of the awkward sizes, non-square mixes (1, 255, 257, 500 among them), shapes
    /// crossing the depth block (k &gt; 512 on AVX-512, &gt; 256 on AVX2), the row block (m &gt; 192) and the column block
    /// (n &gt; 3072).</summary>
    public static TheoryData<int, int, int> Shapes()
    {
        var data = new TheoryData<int, int, int>();
        foreach (int s in Awkward) data.Add(s, s, s);
        foreach (var (m, n, k) in new[]
        {
            (1, 500, 33), (500, 1, 65), (257, 17, 129), (33, 255, 7), (2, 127, 500), (129, 65, 257), (16, 31, 255),
            (63, 257, 2), (255, 33, 1), (12, 32, 256), (24, 64, 513), (385, 40, 300), (13, 3100, 20), (7, 1, 1), (1, 1, 700),
            (128, 10, 512), (20, 784, 128), (8, 48, 17), (140, 16, 9),
        })
        {
            data.Add(m, n, k);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void EveryVariantAndKernel_MatchesFloat64Reference_OverwriteAndAccumulate(int m, int n, int k)
    {
        foreach (Variant v in Enum.GetValues<Variant>())
        {
            float[] a = Random(m * k, 1), b = Random(n * k, 2), c0 = Random(m * n, 3);
            var (product, magnitude) = GemmReference.Reference(v, a, b, m, n, k);
            foreach (GemmIsa isa in Isas())
            {
                float[] c = Random(m * n, 4); // garbage that overwrite must ignore
                Run(isa, v, c, a, b, m, n, k, accumulate: false);
                AssertClose(c, null, product, magnitude, k, $"{v} {isa} ({m}, {n}, {k}) overwrite");
                c = (float[])c0.Clone();
                Run(isa, v, c, a, b, m, n, k, accumulate: true);
                AssertClose(c, c0, product, magnitude, k, $"{v} {isa} ({m}, {n}, {k}) accumulate");
            }
        }
    }

    [Theory]
    [InlineData(128, 512, 784)]
    [InlineData(33, 65, 513)]
    [InlineData(257, 17, 129)]
    [InlineData(128, 10, 512)]  // 8-row edge, 10-column edge (12×16 kernel through the scratch tile)
    [InlineData(20, 784, 128)]  // 8-row edge straight to C, 16-column edge straight to C
    [InlineData(8, 16, 40)]
    [InlineData(5, 48, 9)]      // shallow edges (≤ 8 rows) through the scratch tile
    [InlineData(400, 70, 1100)] // the families block differently (KC 512 → 3 × 368 depth blocks vs KC 256 → 5 × 224):
                                // equal values show a value does not depend on the blocking
    public void VectorKernels_AreBitwiseIdentical_OneFmaChainPerElement(int m, int n, int k)
    {
        if (Gemm.Best != GemmIsa.Avx512) return; // needs both vector kernels
        foreach (Variant v in Enum.GetValues<Variant>())
        {
            float[] a = Random(m * k, 11), b = Random(n * k, 12), c0 = Random(m * n, 13);
            float[] c512 = (float[])c0.Clone(), c256 = (float[])c0.Clone();
            Run(GemmIsa.Avx512, v, c512, a, b, m, n, k, accumulate: true);
            Run(GemmIsa.Avx2, v, c256, a, b, m, n, k, accumulate: true);
            Assert.True(c512.AsSpan().SequenceEqual(c256), $"{v} ({m}, {n}, {k})");
        }
    }

    [Fact]
    public void ZeroDepth_OverwriteClears_AccumulateKeeps()
    {
        float[] c = [1, 2, 3, 4, 5, 6];
        Sgemm.NT(c, [], [], 2, 3, 0, accumulate: true);
        Assert.Equal([1f, 2, 3, 4, 5, 6], c);
        Sgemm.NN(c, [], [], 2, 3, 0);
        Assert.All(c, x => Assert.Equal(0f, x));
    }

    [Fact]
    public void ShortSpan_Throws() =>
        Assert.Throws<ArgumentException>(() => Sgemm.NT(new float[5], new float[6], new float[9], 2, 3, 3));

    [Fact]
    public void RandomSmallShapes_MatchFloat64Reference() =>
        Prop.ForAll(
            (from m in Gen.Choose(1, 40)
             from n in Gen.Choose(1, 70)
             from k in Gen.Choose(1, 40)
             from v in Gen.Elements(Enum.GetValues<Variant>())
             from acc in Gen.Elements(false, true)
             from seed in Gen.Choose(0, 1000)
             select (m, n, k, v, acc, seed)).ToArbitrary(),
            t =>
            {
                var (m, n, k, v, acc, seed) = t;
                float[] a = Random(m * k, seed), b = Random(n * k, seed + 1), c0 = Random(m * n, seed + 2);
                var (product, magnitude) = GemmReference.Reference(v, a, b, m, n, k);
                foreach (GemmIsa isa in Isas())
                {
                    float[] c = (float[])c0.Clone();
                    Run(isa, v, c, a, b, m, n, k, acc);
                    AssertClose(c, acc ? c0 : null, product, magnitude, k, $"{t} {isa}");
                }
            }).QuickCheckThrowOnFailure();
}
