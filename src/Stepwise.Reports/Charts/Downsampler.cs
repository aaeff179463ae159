namespace Stepwise.Reports.Charts;

/// <summary>
/// Thins long series so that a report of a run with millions of logged rows stays small and fast to open, keeping
/// the shape a reader looks for. Both methods return indices into the series, in order, always keeping the first and
/// last point; a chart states which one it used (<see cref="Describe"/>). Non-finite values are never chosen.
/// </summary>
internal static class Downsampler
{
    /// <summary>Series longer than this are thinned.</summary>
    public const int Threshold = 4000;

    /// <summary>The number of buckets a thinned series is cut into.</summary>
    public const int Buckets = 2000;

    /// <summary>Largest-triangle-three-buckets (Steinarsson 2013): the first and last point, and from each of
    /// <paramref name="buckets"/> − 2 equal-count buckets the point forming the largest triangle with the point kept
    /// before it and the mean of the next bucket. For smooth curves (a smoothed loss, a learning rate).</summary>
    public static int[] Lttb(IReadOnlyList<long> x, IReadOnlyList<double> y, int buckets = Buckets)
    {
        int[] finite = Finite(y);
        if (finite.Length <= buckets || buckets < 3) return finite;
        var kept = new int[buckets];
        kept[0] = finite[0];
        double every = (double)(finite.Length - 2) / (buckets - 2);
        int a = 0;
        for (int i = 0; i < buckets - 2; i++)
        {
            int start = (int)Math.Floor(i * every) + 1, end = (int)Math.Floor((i + 1) * every) + 1;
            int nextStart = end, nextEnd = Math.Min((int)Math.Floor((i + 2) * every) + 1, finite.Length);
            double avgX = 0, avgY = 0;
            if (nextStart >= finite.Length - 1)
            {
                avgX = x[finite[^1]];
                avgY = y[finite[^1]];
            }
            else
            {
                for (int j = nextStart; j < nextEnd; j++)
                {
                    avgX += x[finite[j]];
                    avgY += y[finite[j]];
                }
                avgX /= nextEnd - nextStart;
                avgY /= nextEnd - nextStart;
            }
            double ax = x[finite[a]], ay = y[finite[a]];
            double best = -1;
            int chosen = start;
            for (int j = start; j < end; j++)
            {
                double area = Math.Abs((ax - avgX) * (y[finite[j]] - ay) - (ax - x[finite[j]]) * (avgY - ay));
                if (area > best)
                {
                    best = area;
                    chosen = j;
                }
            }
            kept[i + 1] = finite[chosen];
            a = chosen;
        }
        kept[^1] = finite[^1];
        return kept;
    }

    /// <summary>Min/max per bucket: the first and last point, and from each of <paramref name="buckets"/> equal-count
    /// buckets its lowest and highest point (in order), so every spike of a noisy series survives. For raw losses.</summary>
    public static int[] MinMax(IReadOnlyList<double> y, int buckets = Buckets)
    {
        int[] finite = Finite(y);
        if (finite.Length <= 2 * buckets || buckets < 1) return finite;
        var kept = new List<int>(2 * buckets + 2) { finite[0] };
        for (int b = 0; b < buckets; b++)
        {
            int start = (int)((long)b * finite.Length / buckets), end = (int)((long)(b + 1) * finite.Length / buckets);
            int lo = start, hi = start;
            for (int j = start; j < end; j++)
            {
                if (y[finite[j]] < y[finite[lo]]) lo = j;
                if (y[finite[j]] > y[finite[hi]]) hi = j;
            }
            foreach (int j in lo <= hi ? [lo, hi] : new[] { hi, lo })
            {
                if (finite[j] != kept[^1]) kept.Add(finite[j]);
            }
        }
        if (kept[^1] != finite[^1]) kept.Add(finite[^1]);
        return [.. kept];
    }

    /// <summary>The sorted union of index sets (to keep the rows several thinned columns chose).</summary>
    public static int[] Union(params int[][] sets) => [.. sets.SelectMany(s => s).Distinct().Order()];

    /// <summary>What a chart says about a thinned series: "1,000,000 rows drawn as 4,000 (min/max per bucket)".</summary>
    public static string Describe(long rows, long drawn, string method) =>
        $"{Page.Html.Count(rows)} rows drawn as {Page.Html.Count(drawn)} ({method})";

    private static int[] Finite(IReadOnlyList<double> y)
    {
        var idx = new List<int>(y.Count);
        for (int i = 0; i < y.Count; i++)
        {
            if (double.IsFinite(y[i])) idx.Add(i);
        }
        return [.. idx];
    }
}
