using FsCheck;
using FsCheck.Fluent;
using Stepwise.Reports.Charts;

namespace Stepwise.Reports.Tests;

public class DownsamplerTests
{
    private static (long[] X, double[] Y) Series(int n, int seed, double nanShare = 0)
    {
        var rng = new Random(seed);
        var x = new long[n];
        var y = new double[n];
        long step = 0;
        for (int i = 0; i < n; i++)
        {
            step += 1 + rng.Next(3);
            x[i] = step;
            y[i] = rng.NextDouble() < nanShare ? double.NaN : Math.Sin(i / 50.0) + rng.NextDouble();
        }
        return (x, y);
    }

    [Fact]
    public void Lttb_keeps_the_first_and_last_point_and_at_most_the_bucket_count_in_order()
    {
        Prop.ForAll(Gen.Choose(0, 20_000).ToArbitrary(), Gen.Choose(3, 500).ToArbitrary(), Gen.Choose(0, 1000).ToArbitrary(), (n, buckets, seed) =>
        {
            var (x, y) = Series(n, seed, nanShare: seed % 3 == 0 ? 0.05 : 0);
            int[] kept = Downsampler.Lttb(x, y, buckets);
            int finite = y.Count(double.IsFinite);
            if (finite <= buckets) return kept.Length == finite && kept.All(i => double.IsFinite(y[i]));
            return kept.Length == buckets
                && kept[0] == Array.FindIndex(y, double.IsFinite) && kept[^1] == Array.FindLastIndex(y, double.IsFinite)
                && kept.Zip(kept.Skip(1)).All(p => p.First < p.Second)
                && kept.All(i => double.IsFinite(y[i]));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void MinMax_keeps_every_bucket_extreme_so_the_global_ones_survive()
    {
        Prop.ForAll(Gen.Choose(1, 30_000).ToArbitrary(), Gen.Choose(1, 400).ToArbitrary(), Gen.Choose(0, 1000).ToArbitrary(), (n, buckets, seed) =>
        {
            var (_, y) = Series(n, seed);
            int[] kept = Downsampler.MinMax(y, buckets);
            double min = y.Min(), max = y.Max();
            return kept.Length <= 2 * buckets + 2 || kept.Length == n
                ? kept.Any(i => y[i] == min) && kept.Any(i => y[i] == max) && kept[0] == 0 && kept[^1] == n - 1 && kept.Zip(kept.Skip(1)).All(p => p.First < p.Second)
                : false;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Lttb_picks_the_peak_of_a_spike()
    {
        var x = Enumerable.Range(0, 10_000).Select(i => (long)i).ToArray();
        var y = x.Select(i => i == 5_003 ? 100.0 : 0.0).ToArray();
        Assert.Contains(5_003, Downsampler.Lttb(x, y, 100));
    }

    [Fact]
    public void A_short_series_is_not_thinned() =>
        Assert.Equal([0, 1, 2, 3], Downsampler.Lttb([1L, 2, 3, 4], [1.0, 2, 3, 4], 10));

    [Fact]
    public void The_ema_of_a_constant_is_the_constant_and_starts_at_the_first_value()
    {
        Assert.All(Sections.SeriesMath.Ema(Enumerable.Repeat(0.7, 50).ToList(), 9), v => Assert.Equal(0.7, v, 12));
        double[] e = Sections.SeriesMath.Ema([2.0, double.NaN, 4.0], 3);
        Assert.Equal(2.0, e[0]);
        Assert.True(double.IsNaN(e[1]));
        Assert.InRange(e[2], 2.0, 4.0);
    }
}
