using Stepwise.Engine;
using Stepwise.Engine.Kernels;

namespace Stepwise.EngineBench;

/// <summary>
/// <c>knn</c>: exact k nearest neighbours of every one of 30,000 Gaussian points in 128 dimensions among the others,
/// k = 15, Euclidean (<see cref="NearestNeighbors.SearchSelf"/>: the size of seed 002's pooled hidden states). The peer
/// is scikit-learn's exact brute-force <c>NearestNeighbors(algorithm="brute").kneighbors</c> (bench/peers/knn_sklearn.py).
/// Reported as queries per second; <c>gflops_equivalent</c> = 2·n²·d per call over its time, to set against the
/// run's GEMM rows (the fraction of GEMM throughput).
/// </summary>
internal static class KnnBenchmark
{
    public const int Points = 30_000, Dim = 128, K = 15;

    public static void Run(Options o)
    {
        var rng = new Rng(7);
        var x = new float[Points * Dim];
        for (int i = 0; i < x.Length; i++) x[i] = (float)rng.NextGaussian();
        var neighbors = new int[Points * K];
        NearestNeighbors.SearchSelf(x, Points, Dim, K, neighbors);
        Check(x, neighbors, rng);
        var (rate, calls, elapsed, mean) = Timing.Rate(() => NearestNeighbors.SearchSelf(x, Points, Dim, K, neighbors), o.Seconds);
        double flop = 2.0 * Points * (double)Points * Dim;
        JsonLine.Emit("knn_30k", "queries/s", rate * Points, o.Threads, ("calls", calls), ("seconds", elapsed), ("mean_value", mean * Points),
            ("seconds_per_search", 1 / rate), ("gflops_equivalent", rate * flop / 1e9), ("points", Points), ("dim", Dim), ("k", K));
    }

    /// <summary>A few rows against a float64 brute-force scan, so that a broken search cannot report a fast time.</summary>
    private static void Check(float[] x, int[] neighbors, Rng rng)
    {
        for (int s = 0; s < 8; s++)
        {
            int i = (int)rng.NextLong(Points);
            var all = new List<(double D, int J)>(Points);
            for (int j = 0; j < Points; j++)
            {
                if (j != i) all.Add((NearestNeighbors.SquaredDistance(x.AsSpan(i * Dim, Dim), x.AsSpan(j * Dim, Dim)), j));
            }
            all.Sort();
            for (int c = 0; c < K; c++)
            {
                if (all[c].J != neighbors[i * K + c]) throw new InvalidOperationException($"knn check failed at row {i}, rank {c}");
            }
        }
    }
}
