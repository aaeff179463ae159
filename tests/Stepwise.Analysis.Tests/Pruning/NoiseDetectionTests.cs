using FsCheck;
using FsCheck.Fluent;
using Stepwise.Analysis.Pruning;

namespace Stepwise.Analysis.Tests.Pruning;

/// <summary>The noise-detection numbers: recall and precision of a pruned set, the discovery curve's area between its
/// reference values, the exact two-cluster split against every split and against Lloyd's iterations, and the F1 of its
/// low cluster.</summary>
public class NoiseDetectionTests
{
    private static Arbitrary<double[]> Scores => Gen.Choose(-1000, 1000).Select(i => i / 100.0).ArrayOf().Where(a => a.Length >= 2).ToArbitrary();

    [Fact]
    public void Recall_and_precision_count_the_flipped_among_the_pruned()
    {
        var noisy = new HashSet<long> { 1, 3, 5, 7 };
        Assert.Equal(0.5, NoiseDetection.Recall([1, 3, 4], noisy));
        Assert.Equal(2.0 / 3, NoiseDetection.Precision([1, 3, 4], noisy));
        Assert.Null(NoiseDetection.Recall([1], new HashSet<long>()));
        Assert.Null(NoiseDetection.Precision([], noisy));
    }

    [Fact]
    public void The_discovery_auc_of_the_perfect_and_the_reversed_order_are_its_bounds_and_random_is_near_half()
    {
        // 10 samples, the 3 lowest scores flipped: perfect; the 3 highest: reversed
        double[] scores = [.. Enumerable.Range(0, 10).Select(i => (double)i)];
        Assert.Equal(NoiseDetection.OptimalAuc(10, 3), NoiseDetection.DiscoveryAuc(scores, new HashSet<long> { 0, 1, 2 })!.Value, 12);
        Assert.Equal((1 + 2 + 3) / 3.0 / 10, NoiseDetection.DiscoveryAuc(scores, new HashSet<long> { 7, 8, 9 })!.Value, 12);
        Prop.ForAll(Gen.Choose(0, 1 << 20).ToArbitrary(), seed =>
        {
            var rng = new Stepwise.Engine.Rng((ulong)seed);
            double[] s = [.. Enumerable.Range(0, 200).Select(_ => rng.NextDouble())];
            var noisy = Enumerable.Range(0, 200).Where(i => rng.NextDouble() < 0.3).Select(i => (long)i).ToHashSet();
            if (noisy.Count == 0) return true;
            double auc = NoiseDetection.DiscoveryAuc(s, noisy)!.Value;
            double lowest = (noisy.Count + 1) / 2.0 / 200; // every flipped sample last
            return auc <= NoiseDetection.OptimalAuc(200, noisy.Count) + 1e-12 && auc >= lowest - 1e-12 && Math.Abs(auc - NoiseDetection.RandomAuc(200)) < 0.2;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void The_two_means_split_is_the_best_of_every_split_and_never_worse_than_lloyds()
    {
        static double Sse(IEnumerable<double> v)
        {
            var a = v.ToArray();
            if (a.Length == 0) return 0;
            double m = a.Average();
            return a.Sum(x => (x - m) * (x - m));
        }
        Prop.ForAll(Scores, values =>
        {
            var low = TwoMeans.LowCluster(values);
            if (values.Distinct().Count() < 2) return low.Count == 0;
            double cost = Sse(low.Select(i => values[i])) + Sse(Enumerable.Range(0, values.Length).Where(i => !low.Contains(i)).Select(i => values[i]));
            double max = low.Max(i => values[i]);
            bool contiguous = Enumerable.Range(0, values.Length).Where(i => !low.Contains(i)).All(i => values[i] > max);
            // every threshold split, brute force
            double best = values.Distinct().Order().SkipLast(1).Min(t => Sse(values.Where(v => v <= t)) + Sse(values.Where(v => v > t)));
            // Lloyd's iterations from the extremes
            double c0 = values.Min(), c1 = values.Max();
            for (int it = 0; it < 100; it++)
            {
                var a = values.Where(v => Math.Abs(v - c0) <= Math.Abs(v - c1)).ToArray();
                var b = values.Where(v => Math.Abs(v - c0) > Math.Abs(v - c1)).ToArray();
                if (a.Length == 0 || b.Length == 0) break;
                (c0, c1) = (a.Average(), b.Average());
            }
            double lloyd = Sse(values.Where(v => Math.Abs(v - c0) <= Math.Abs(v - c1))) + Sse(values.Where(v => Math.Abs(v - c0) > Math.Abs(v - c1)));
            return contiguous && low.Count > 0 && low.Count < values.Length && cost <= best + 1e-9 && cost <= lloyd + 1e-9;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void The_f1_of_two_separated_groups_is_one_and_of_the_wrong_cluster_zero()
    {
        double[] scores = [-5, -4.9, -5.1, 3, 3.2, 2.9, 3.1];
        Assert.Equal(1.0, NoiseDetection.KMeansF1(scores, new HashSet<long> { 0, 1, 2 }));
        Assert.Equal(0.0, NoiseDetection.KMeansF1(scores, new HashSet<long> { 3, 4 }));
        Assert.Equal(2.0 * 2 / (3 + 2), NoiseDetection.KMeansF1(scores, new HashSet<long> { 0, 1 })!.Value, 12);
        Assert.Null(NoiseDetection.KMeansF1(scores, new HashSet<long>()));
    }

    [Fact]
    public void The_lowest_are_the_lowest_scores_with_ties_to_the_lower_row_ascending()
    {
        Assert.Equal([1, 3], NoiseDetection.Lowest([5.0, -1, 0, -1, 0], 2));
        Assert.Equal([1, 2, 3], NoiseDetection.Lowest([5.0, -1, 0, -1, 0], 3));
    }

    [Fact]
    public void Score_groups_give_numpy_quantiles_and_rank_percentiles()
    {
        Assert.Equal(2.5, ScoreGroup.Quantile([1.0, 2, 3, 4], 0.5));
        Assert.Equal(1.75, ScoreGroup.Quantile([1.0, 2, 3, 4], 0.25));
        Assert.Equal([0, 50, 100, 50], ScoreGroup.RankPercentiles([1.0, 2, 3, 2]).Select(p => Math.Round(p, 9)));
        double[] scores = [4, 1, 3, 2];
        var g = ScoreGroup.Of(scores, ScoreGroup.RankPercentiles(scores), [1, 3]); // the scores 1 and 2: ranks 1 and 2 of 4
        Assert.Equal((2L, 1.5, 1.5, 1.25, 1.75), (g.Count, g.Mean, g.Median, g.Q25, g.Q75));
        Assert.Equal(100 / 6.0, g.MeanRankPercentile, 12);
        Assert.Equal(100 / 6.0, g.MedianRankPercentile, 12);
        Assert.True(double.IsNaN(ScoreGroup.Of(scores, ScoreGroup.RankPercentiles(scores), []).Mean));
    }
}
