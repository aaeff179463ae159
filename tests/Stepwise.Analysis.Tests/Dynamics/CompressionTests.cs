using Stepwise.Analysis.Dynamics;
using Stepwise.Engine;

namespace Stepwise.Analysis.Tests.Dynamics;

[Collection(nameof(KnnThreadsCollection))]
public class CompressionTests
{
    private static float[] Gaussian(int count, ulong seed)
    {
        var rng = new Rng(seed);
        var v = new float[count];
        for (int i = 0; i < v.Length; i++) v[i] = (float)rng.NextGaussian();
        return v;
    }

    private static (double[] Here, double[] Next) Spreads(float[] here, float[] next, int n, int d, int k)
    {
        var v = new double[n];
        var s = new double[n];
        Compression.Spreads(here, next, n, d, k, v, s);
        return (v, s);
    }

    [Theory]
    [InlineData(2f)]
    [InlineData(4f)]
    [InlineData(0.5f)]
    public void ScaleFree_ExactContractionByC_Is2LnC_ForEveryToken(float c)
    {
        // c a power of two: h/c is exact in float32, so every neighbourhood's spread shrinks by exactly c²
        int n = 300, d = 16;
        var here = Gaussian(n * d, 1);
        var next = here.Select(x => x / c).ToArray();
        var (v, s) = Spreads(here, next, n, d, 15);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(2 * Math.Log(c), Compression.ScaleFree(v[i], s[i]), 9);
            Assert.Equal(v[i] / ((double)c * c), s[i], 12);
        }
    }

    [Fact]
    public void ScaleFree_ContractionByThree_Is2Ln3_WithinRounding()
    {
        int n = 200, d = 8;
        var here = Gaussian(n * d, 2);
        var next = here.Select(x => x / 3f).ToArray();
        var (v, s) = Spreads(here, next, n, d, 10);
        for (int i = 0; i < n; i++) Assert.Equal(2 * Math.Log(3), Compression.ScaleFree(v[i], s[i]), 5);
    }

    [Fact]
    public void ScaleFree_IsInvariantToRescalingBothLayers_TheAbsoluteScoreIsNot()
    {
        int n = 250, d = 12;
        var here = Gaussian(n * d, 3);
        var next = Gaussian(n * d, 4).Zip(here, (a, b) => 0.3f * a + b).ToArray();
        var (v1, s1) = Spreads(here, next, n, d, 15);
        var (v2, s2) = Spreads(here.Select(x => 8 * x).ToArray(), next.Select(x => 8 * x).ToArray(), n, d, 15);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(Compression.ScaleFree(v1[i], s1[i]), Compression.ScaleFree(v2[i], s2[i]), 8);
            Assert.Equal(Compression.Absolute(s1[i]) - 2 * Math.Log(8), Compression.Absolute(s2[i]), 6);
        }
    }

    [Fact]
    public void ShuffledLayer_SpreadIsThatOfRandomSets_AndTheScoreIsNearZero()
    {
        // i.i.d. Gaussian states in 512 dimensions, the next layer a random permutation of the rows: a token's
        // neighbours map to random tokens, whose spread is (k−1)/k of the total variance (closed form for a random
        // k-subset, up to N/(N−1)); in high dimension neighbourhoods are barely tighter than random, so ln(V/S) ≈ 0
        int n = 400, d = 512, k = 15;
        var here = Gaussian(n * d, 5);
        var perm = Enumerable.Range(0, n).ToArray();
        new Rng(6).Shuffle(perm.AsSpan());
        var next = new float[n * d];
        for (int i = 0; i < n; i++) here.AsSpan(perm[i] * d, d).CopyTo(next.AsSpan(i * d, d));
        var (v, s) = Spreads(here, next, n, d, k);
        double total = 0;
        for (int p = 0; p < d; p++)
        {
            double mean = 0, sq = 0;
            for (int i = 0; i < n; i++) mean += here[i * d + p];
            mean /= n;
            for (int i = 0; i < n; i++) sq += (here[i * d + p] - mean) * (here[i * d + p] - mean);
            total += sq / n;
        }
        double expected = (k - 1.0) / k * n / (n - 1.0) * total;
        Assert.InRange(s.Average() / expected, 0.97, 1.03);
        double score = Enumerable.Range(0, n).Average(i => Compression.ScaleFree(v[i], s[i]));
        Assert.InRange(score, -0.15, 0.05);
    }

    [Fact]
    public void Spread_HandWorked()
    {
        // three 2-d points (0,0), (2,0), (0,4): mean (2/3, 4/3); per-dimension population variances 8/9 and 32/9
        float[] x = [0, 0, 2, 0, 0, 4];
        Assert.Equal(40.0 / 9, Compression.Spread(x, 2, [0, 1, 2], new double[2]), 12);
        Assert.Equal(-Math.Log(40.0 / 9 + 1e-10), Compression.Absolute(40.0 / 9), 12);
        Assert.Equal(0, Compression.ScaleFree(0, 0));
    }

    [Fact]
    public void Identity_ScoresZero_DuplicateStatesUseTheLowerIndices()
    {
        // every state twice: a token's nearest neighbour is its duplicate (distance 0)
        int n = 60, d = 4;
        var basis = Gaussian(n / 2 * d, 7);
        var x = new float[n * d];
        for (int i = 0; i < n; i++) basis.AsSpan(i / 2 * d, d).CopyTo(x.AsSpan(i * d, d));
        var (v, s) = Spreads(x, x, n, d, 1);
        Assert.All(v, value => Assert.Equal(0, value));
        Assert.All(Enumerable.Range(0, n), i => Assert.Equal(0, Compression.ScaleFree(v[i], s[i])));
        Assert.Equal(-Math.Log(1e-10), Compression.Absolute(s[0]), 12);
    }
}
