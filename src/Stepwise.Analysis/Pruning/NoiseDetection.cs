namespace Stepwise.Analysis.Pruning;

/// <summary>
/// How well scores and a pruned set find the flipped labels (OpenDataVal's tasks, docs/influence.md): recall and
/// precision of the pruned set, the area under the discovery curve (inspecting samples from the lowest score up), and
/// the F1 score of the low cluster of a two-cluster split of the scores. Scores are ordered lowest first, ties by row.
/// </summary>
public static class NoiseDetection
{
    /// <summary>|pruned ∩ noisy| / |noisy|; null when there are no noisy samples.</summary>
    public static double? Recall(IReadOnlyCollection<long> pruned, IReadOnlySet<long> noisy)
    {
        ArgumentNullException.ThrowIfNull(pruned);
        ArgumentNullException.ThrowIfNull(noisy);
        return noisy.Count == 0 ? null : (double)pruned.Count(noisy.Contains) / noisy.Count;
    }

    /// <summary>|pruned ∩ noisy| / |pruned|; null without noisy samples or without pruned ones.</summary>
    public static double? Precision(IReadOnlyCollection<long> pruned, IReadOnlySet<long> noisy)
    {
        ArgumentNullException.ThrowIfNull(pruned);
        ArgumentNullException.ThrowIfNull(noisy);
        return noisy.Count == 0 || pruned.Count == 0 ? null : (double)pruned.Count(noisy.Contains) / pruned.Count;
    }

    /// <summary>
    /// The area under the discovery curve: inspecting the samples from the lowest score up, f(k) is the share of the
    /// noisy samples among the first k; AUC = (1/N)·Σ_{k=1..N} f(k), in [0, 1]. Random order gives (N + 1)/(2N) in
    /// expectation (<see cref="RandomAuc"/>), the perfect order <see cref="OptimalAuc"/>. Null without noisy samples.
    /// </summary>
    public static double? DiscoveryAuc(IReadOnlyList<double> scores, IReadOnlySet<long> noisy)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(noisy);
        if (noisy.Count == 0 || scores.Count == 0) return null;
        long found = 0;
        double area = 0;
        foreach (int j in LowestFirst(scores))
        {
            if (noisy.Contains(j)) found++;
            area += (double)found / noisy.Count;
        }
        return area / scores.Count;
    }

    /// <summary>The expected discovery AUC of a random order, (N + 1)/(2N).</summary>
    public static double RandomAuc(long samples) => (samples + 1) / (2.0 * samples);

    /// <summary>The discovery AUC of the perfect order (every noisy sample first): ((m + 1)/2 + N − m)/N.</summary>
    public static double OptimalAuc(long samples, long noisy) => ((noisy + 1) / 2.0 + samples - noisy) / samples;

    /// <summary>F1 of the low cluster of <see cref="TwoMeans"/> against the noisy samples (OpenDataVal's
    /// <c>kmeans_f1</c>); null without noisy samples; 0 when the cluster holds none of them.</summary>
    public static double? KMeansF1(IReadOnlyList<double> scores, IReadOnlySet<long> noisy)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(noisy);
        if (noisy.Count == 0) return null;
        var low = TwoMeans.LowCluster(scores);
        long hits = low.Count(j => noisy.Contains(j));
        return 2.0 * hits / (low.Count + noisy.Count);
    }

    /// <summary>The <paramref name="count"/> lowest-scored samples (ties by row), ascending by row.</summary>
    public static long[] Lowest(IReadOnlyList<double> scores, long count)
    {
        ArgumentNullException.ThrowIfNull(scores);
        return [.. LowestFirst(scores).Take(checked((int)count)).Select(j => (long)j).Order()];
    }

    /// <summary>Sample indices from the lowest score up, ties by index.</summary>
    public static IEnumerable<int> LowestFirst(IReadOnlyList<double> scores) =>
        Enumerable.Range(0, scores.Count).OrderBy(j => scores[j]).ThenBy(j => j);
}
