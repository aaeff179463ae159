using MathNet.Numerics.Distributions;

namespace Stepwise.Analysis.Dynamics.Statistics;

/// <summary>
/// Pearson, point-biserial and Spearman correlations with two-sided p-values, as scipy.stats computes them
/// (<c>pearsonr</c>, <c>pointbiserialr</c>, <c>spearmanr</c>): r = Σ(x−x̄)(y−ȳ)/√(Σ(x−x̄)²·Σ(y−ȳ)²) in float64;
/// p = 2·P(T ≥ |t|) with t = r·√((n−2)/(1−r²)) and T ~ Student t(n − 2) (for Spearman the usual t approximation).
/// </summary>
public static class Correlations
{
    /// <summary>Pearson's r of paired values; null R when n &lt; 2 or either variable is constant.</summary>
    /// <exception cref="ArgumentException">The lengths differ or a value is not finite.</exception>
    public static CorrelationTest Pearson(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count) throw new ArgumentException($"x has {x.Count} values, y {y.Count}", nameof(y));
        int n = x.Count;
        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(x[i]) || !double.IsFinite(y[i])) throw new ArgumentException($"pair {i} is not finite", nameof(x));
        }
        if (n < 2) return new CorrelationTest(null, null, n);
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) { mx += x[i]; my += y[i]; }
        mx /= n;
        my /= n;
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; i++)
        {
            double dx = x[i] - mx, dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        if (sxx == 0 || syy == 0) return new CorrelationTest(null, null, n);
        double r = Math.Clamp(sxy / Math.Sqrt(sxx * syy), -1, 1);
        return new CorrelationTest(r, PValue(r, n), n);
    }

    /// <summary>The point-biserial correlation of a binary <paramref name="group"/> (true = 1) with
    /// <paramref name="values"/>: Pearson's r with the group coded 0/1, so r &gt; 0 means the true group is higher. Its
    /// p-value equals that of Student's two-sample t-test with pooled variance.</summary>
    public static CorrelationTest PointBiserial(IReadOnlyList<bool> group, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(group);
        return Pearson(group.Select(g => g ? 1.0 : 0.0).ToList(), values);
    }

    /// <summary>Spearman's ρ: Pearson's r of the ranks, tied values sharing their average rank.</summary>
    public static CorrelationTest Spearman(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count) throw new ArgumentException($"x has {x.Count} values, y {y.Count}", nameof(y));
        return Pearson(Ranks(x), Ranks(y));
    }

    /// <summary>1-based ranks in increasing order of value, ties getting the mean of the ranks they span (scipy's
    /// <c>rankdata(method="average")</c>).</summary>
    /// <exception cref="ArgumentException">A value is not finite.</exception>
    public static double[] Ranks(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        int n = values.Count;
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(values[i])) throw new ArgumentException($"value {i} is not finite", nameof(values));
            order[i] = i;
        }
        Array.Sort(order, (a, b) => values[a] != values[b] ? values[a].CompareTo(values[b]) : a.CompareTo(b));
        var ranks = new double[n];
        for (int start = 0; start < n;)
        {
            int end = start + 1;
            while (end < n && values[order[end]] == values[order[start]]) end++;
            double rank = (start + 1 + end) / 2.0; // mean of ranks start+1 .. end
            for (int i = start; i < end; i++) ranks[order[i]] = rank;
            start = end;
        }
        return ranks;
    }

    /// <summary>Two-sided p of r over n pairs: 2·P(T ≥ |t|), T ~ t(n − 2); null when n &lt; 3.</summary>
    public static double? PValue(double r, int n)
    {
        if (n < 3) return null;
        if (Math.Abs(r) >= 1) return 0;
        double df = n - 2;
        double t = Math.Abs(r) * Math.Sqrt(df / ((1 - r) * (1 + r)));
        return TwoSidedT(t, df);
    }

    /// <summary>2·P(T ≥ |t|) for T ~ Student t(<paramref name="df"/>), computed from the lower tail so that small
    /// p-values keep their digits.</summary>
    public static double TwoSidedT(double t, double df)
    {
        if (double.IsPositiveInfinity(Math.Abs(t))) return 0;
        return Math.Min(1, 2 * StudentT.CDF(0, 1, df, -Math.Abs(t)));
    }
}
