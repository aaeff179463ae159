using FsCheck;
using FsCheck.Fluent;
using Stepwise.Engine;
using Stepwise.Engine.Kernels;

namespace Stepwise.Analysis.Tests.Dynamics;

/// <summary>Changes <see cref="EngineThreads.Count"/>, so the kNN tests run alone.</summary>
[CollectionDefinition(nameof(KnnThreadsCollection), DisableParallelization = true)]
public sealed class KnnThreadsCollection;

[Collection(nameof(KnnThreadsCollection))]
public class NearestNeighborsTests
{
    /// <summary>The reference: every float64 distance (p in order), sorted by (distance, index).</summary>
    private static (int[] Index, double[] Distance) BruteForce(float[] q, int m, float[] x, int n, int d, int k, bool exclude)
    {
        var index = new int[m * k];
        var dist = new double[m * k];
        for (int i = 0; i < m; i++)
        {
            var all = new List<(double D, int J)>(n);
            for (int j = 0; j < n; j++)
            {
                if (exclude && i == j) continue;
                double s = 0;
                for (int p = 0; p < d; p++)
                {
                    double t = (double)q[i * d + p] - x[j * d + p];
                    s += t * t;
                }
                all.Add((s, j));
            }
            all.Sort();
            for (int c = 0; c < k; c++) (dist[i * k + c], index[i * k + c]) = all[c];
        }
        return (index, dist);
    }

    private static float[] Gaussian(int count, ulong seed, double scale = 1)
    {
        var rng = new Rng(seed);
        var v = new float[count];
        for (int i = 0; i < v.Length; i++) v[i] = (float)(rng.NextGaussian() * scale);
        return v;
    }

    private static void AssertSame(float[] x, int n, int d, int k)
    {
        var (want, wantD) = BruteForce(x, n, x, n, d, k, exclude: true);
        var got = new int[n * k];
        var gotD = new double[n * k];
        NearestNeighbors.SearchSelf(x, n, d, k, got, gotD);
        for (int i = 0; i < n * k; i++)
        {
            if (got[i] != want[i]) Assert.Fail($"row {i / k} rank {i % k}: got point {got[i]} at {gotD[i]:R}, brute force {want[i]} at {wantD[i]:R}");
        }
        Assert.Equal(wantD, gotD);
    }

    [Fact]
    public void SearchSelf_RandomGaussian_EqualsBruteForce()
    {
        // 700 points cross the 192-query and 512-point blocks; d = 37 is not a multiple of any vector width
        AssertSame(Gaussian(700 * 37, 1), 700, 37, 15);
    }

    [Fact]
    public void SearchSelf_ManyExactDuplicates_TiesGoToTheLowerIndex()
    {
        // 3 distinct points, each repeated: every row has ≥ 100 neighbours at distance 0 (the margin list overflows)
        int n = 400, d = 8;
        var basis = Gaussian(3 * d, 2);
        var x = new float[n * d];
        for (int i = 0; i < n; i++) basis.AsSpan(i % 3 * d, d).CopyTo(x.AsSpan(i * d, d));
        AssertSame(x, n, d, 15);
        var got = new int[n * 15];
        NearestNeighbors.SearchSelf(x, n, d, 15, got);
        Assert.Equal([3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 33, 36, 39, 42, 45], got.AsSpan(0, 15).ToArray());
    }

    [Fact]
    public void SearchSelf_IntegerGrid_TiesAtEqualDistanceGoToTheLowerIndex()
    {
        // points on a small integer lattice: many exactly equal non-zero distances
        int n = 600, d = 3;
        var rng = new Rng(3);
        var x = new float[n * d];
        for (int i = 0; i < x.Length; i++) x[i] = rng.NextLong(5);
        AssertSame(x, n, d, 15);
    }

    [Fact]
    public void Search_QueriesAgainstPoints_WithoutExclusion_EqualsBruteForce()
    {
        int m = 250, n = 530, d = 16, k = 7;
        var q = Gaussian(m * d, 4);
        var x = Gaussian(n * d, 5);
        var (want, wantD) = BruteForce(q, m, x, n, d, k, exclude: false);
        var got = new int[m * k];
        var gotD = new double[m * k];
        NearestNeighbors.Search(q, m, x, n, d, k, got, gotD, excludeSameIndex: false);
        Assert.Equal(want, got);
        Assert.Equal(wantD, gotD);
    }

    [Fact]
    public void SearchSelf_KIsAllOtherPoints_ReturnsEveryOtherPointInOrder()
    {
        int n = 20, d = 4;
        AssertSame(Gaussian(n * d, 6), n, d, n - 1);
    }

    [Fact]
    public void SearchSelf_IsBitwiseIdentical_ForThreadCounts1To3()
    {
        int n = 1500, d = 64, k = 15;
        var x = Gaussian(n * d, 7, scale: 3);
        int saved = EngineThreads.Count;
        try
        {
            int[]? first = null;
            double[]? firstD = null;
            foreach (int threads in new[] { 1, 2, 3 })
            {
                EngineThreads.Count = threads;
                var got = new int[n * k];
                var gotD = new double[n * k];
                NearestNeighbors.SearchSelf(x, n, d, k, got, gotD);
                first ??= got;
                firstD ??= gotD;
                Assert.Equal(first, got);
                Assert.Equal(firstD, gotD);
            }
        }
        finally
        {
            EngineThreads.Count = saved;
        }
    }

    [Fact]
    public void SearchSelf_RandomShapes_EqualBruteForce()
    {
        var shapes = Gen.Choose(2, 300).SelectMany(n => Gen.Choose(1, 40).SelectMany(d => Gen.Choose(1, Math.Min(20, n - 1))
            .SelectMany(k => Gen.Choose(0, 1000).Select(seed => (n, d, k, seed)))));
        Prop.ForAll(shapes.ToArbitrary(), t =>
        {
            var (n, d, k, seed) = t;
            // half the cases on a coarse grid, so that exact ties are common
            var x = Gaussian(n * d, (ulong)seed);
            if (seed % 2 == 0) for (int i = 0; i < x.Length; i++) x[i] = MathF.Round(x[i]);
            AssertSame(x, n, d, k);
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    public void SearchSelf_KOutOfRange_Throws(int k)
    {
        var x = Gaussian(10 * 2, 8);
        var e = Assert.Throws<ArgumentException>(() => NearestNeighbors.SearchSelf(x, 10, 2, k, new int[100]));
        Assert.Contains("1..9", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SearchSelf_NonFiniteValue_Throws()
    {
        var x = Gaussian(10 * 2, 9);
        x[7] = float.NaN;
        var e = Assert.Throws<ArgumentException>(() => NearestNeighbors.SearchSelf(x, 10, 2, 3, new int[30]));
        Assert.Contains("row 3", e.Message, StringComparison.Ordinal);
    }
}
