namespace Stepwise.Analysis.Pruning;

/// <summary>
/// The scores of one group of samples (the noisy or the clean ones) in one window: how many, their mean, median and
/// quartiles (nats of query loss; quantiles by linear interpolation between order statistics, as numpy's default), and
/// where they rank among all samples as percentiles: 0 = the lowest score of the window, 100 = the highest (ties share
/// their average rank).
/// </summary>
/// <param name="Count">Samples in the group.</param>
/// <param name="Mean">Mean score.</param>
/// <param name="Median">Median score.</param>
/// <param name="Q25">25th percentile of the scores.</param>
/// <param name="Q75">75th percentile of the scores.</param>
/// <param name="MeanRankPercentile">Mean rank percentile (0..100).</param>
/// <param name="MedianRankPercentile">Median rank percentile (0..100).</param>
public sealed record ScoreGroup(long Count, double Mean, double Median, double Q25, double Q75, double MeanRankPercentile, double MedianRankPercentile)
{
    /// <summary>The statistics of <paramref name="members"/> among <paramref name="scores"/> (every sample's score) with
    /// <paramref name="rankPercentiles"/> (every sample's rank percentile); NaN fields for an empty group.</summary>
    public static ScoreGroup Of(IReadOnlyList<double> scores, IReadOnlyList<double> rankPercentiles, IEnumerable<int> members)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(rankPercentiles);
        ArgumentNullException.ThrowIfNull(members);
        var rows = members.ToArray();
        double[] s = rows.Select(i => scores[i]).Order().ToArray();
        double[] r = rows.Select(i => rankPercentiles[i]).Order().ToArray();
        return new ScoreGroup(rows.Length, Average(s), Quantile(s, 0.5), Quantile(s, 0.25), Quantile(s, 0.75), Average(r), Quantile(r, 0.5));
    }

    /// <summary>Each sample's rank percentile among <paramref name="scores"/>: 100·(rank − 1)/(n − 1), rank 1 = the lowest
    /// score, ties sharing their average rank (50 for every sample when n = 1).</summary>
    public static double[] RankPercentiles(IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        double[] ranks = Influence.RankStatistics.Ranks(scores);
        int n = scores.Count;
        return [.. ranks.Select(rank => n > 1 ? 100.0 * (rank - 1) / (n - 1) : 50.0)];
    }

    /// <summary>The q-quantile of sorted values by linear interpolation (NaN when empty).</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double q)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0) return double.NaN;
        double at = q * (sorted.Count - 1);
        int lo = (int)Math.Floor(at);
        int hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + (at - lo) * (sorted[hi] - sorted[lo]);
    }

    private static double Average(double[] values)
    {
        if (values.Length == 0) return double.NaN;
        double sum = 0;
        foreach (double v in values) sum += v;
        return sum / values.Length;
    }
}
