using Stepwise.Engine.Kernels;
using static Stepwise.Engine.Tests.Kernels.GemmReference;

namespace Stepwise.Engine.Tests.Kernels;

/// <summary>Changes <see cref="EngineThreads.Count"/>, so it runs alone: with other tests using the workers at the
/// same time, products would run inline and the threaded path would go untested.</summary>
[CollectionDefinition(nameof(EngineThreadsCollection), DisableParallelization = true)]
public sealed class EngineThreadsCollection;

[Collection(nameof(EngineThreadsCollection))]
public class SgemmThreadingTests
{
    public static TheoryData<int, int, int> Shapes() => new()
    {
        { 128, 512, 784 }, { 257, 300, 129 }, { 1000, 40, 70 }, { 37, 1100, 300 }, { 390, 200, 520 }, { 13, 7, 5 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Results_AreBitwiseIdentical_ForThreadCounts1To4_AndAcrossRuns(int m, int n, int k)
    {
        int saved = EngineThreads.Count;
        try
        {
            foreach (Variant v in Enum.GetValues<Variant>())
            {
                // the scalar kernel (slow in Debug builds) only on the small shapes
                foreach (GemmIsa isa in Isas().Where(i => i != GemmIsa.Scalar || (long)m * n * k < 2_000_000))
                {
                    float[] a = Random(m * k, 7), b = Random(n * k, 8), c0 = Random(m * n, 9);
                    float[]? first = null;
                    foreach (int threads in new[] { 1, 2, 3, 4, 2 })
                    {
                        EngineThreads.Count = threads;
                        float[] c = (float[])c0.Clone();
                        Run(isa, v, c, a, b, m, n, k, accumulate: true);
                        if (first is null) first = c;
                        else if (!c.AsSpan().SequenceEqual(first)) Assert.Fail($"{v} {isa} ({m}, {n}, {k}): {threads} threads differ from 1");
                    }
                }
            }
        }
        finally
        {
            EngineThreads.Count = saved;
        }
    }

    [Fact]
    public void Grid_UsesAllThreads_AndNeverMoreTilesThanExist()
    {
        Assert.Equal((1, 2), Gemm.Grid(2, 1024, 1024, 12, 32));
        Assert.Equal((1, 2), Gemm.Grid(2, 128, 512, 12, 32));
        Assert.Equal((2, 1), Gemm.Grid(2, 2048, 384, 12, 32));
        Assert.Equal((2, 2), Gemm.Grid(4, 1000, 1000, 12, 32));
        Assert.Equal((1, 1), Gemm.Grid(4, 5, 7, 12, 32));
        Assert.Equal((3, 1), Gemm.Grid(3, 100, 20, 12, 32));
    }
}
