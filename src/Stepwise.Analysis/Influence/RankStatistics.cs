namespace Stepwise.Analysis.Influence;

/// <summary>Agreement statistics of two paired samples, in float64, summed in index order.</summary>
public static class RankStatistics
{
    /// <summary>Pearson's r; NaN when either side is constant or there are fewer than 2 pairs.</summary>
    public static double Pearson(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        int n = Check(x, y);
        if (n < 2) return double.NaN;
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
        return sxx == 0 || syy == 0 ? double.NaN : sxy / Math.Sqrt(sxx * syy);
    }

    /// <summary>Spearman's ρ: Pearson's r of the ranks (ties share their average rank).</summary>
    public static double Spearman(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        Check(x, y);
        return Pearson(Ranks(x), Ranks(y));
    }

    /// <summary>Kendall's τ-b (ties in either variable corrected), O(n²).</summary>
    public static double KendallTauB(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        int n = Check(x, y);
        long concordant = 0, discordant = 0, tiesX = 0, tiesY = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                int sx = Math.Sign(x[i] - x[j]), sy = Math.Sign(y[i] - y[j]);
                if (sx == 0 && sy == 0) continue;
                if (sx == 0) tiesX++;
                else if (sy == 0) tiesY++;
                else if (sx == sy) concordant++;
                else discordant++;
            }
        }
        double denominator = Math.Sqrt((double)(concordant + discordant + tiesX) * (concordant + discordant + tiesY));
        return denominator == 0 ? double.NaN : (concordant - discordant) / denominator;
    }

    /// <summary>The share of pairs whose signs agree (−, 0, +).</summary>
    public static double SignAgreement(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        int n = Check(x, y);
        if (n == 0) return double.NaN;
        int same = 0;
        for (int i = 0; i < n; i++) if (Math.Sign(x[i]) == Math.Sign(y[i])) same++;
        return (double)same / n;
    }

    /// <summary>|A ∩ B| / |A ∪ B| for A, B the indices of the <paramref name="k"/> largest values of each side (ties by
    /// index); k is capped at n.</summary>
    public static double TopJaccard(IReadOnlyList<double> x, IReadOnlyList<double> y, int k)
    {
        int n = Check(x, y);
        k = Math.Min(k, n);
        if (k == 0) return double.NaN;
        var a = Top(x, k);
        var b = Top(y, k);
        int both = a.Intersect(b).Count();
        return (double)both / (2 * k - both);
    }

    /// <summary>Ranks 1..n, ties sharing their average rank.</summary>
    public static double[] Ranks(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        int n = values.Count;
        int[] order = Enumerable.Range(0, n).OrderBy(i => values[i]).ThenBy(i => i).ToArray();
        var ranks = new double[n];
        for (int i = 0; i < n;)
        {
            int j = i;
            while (j + 1 < n && values[order[j + 1]] == values[order[i]]) j++;
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) ranks[order[k]] = rank;
            i = j + 1;
        }
        return ranks;
    }

    private static HashSet<int> Top(IReadOnlyList<double> v, int k) =>
        Enumerable.Range(0, v.Count).OrderByDescending(i => v[i]).ThenBy(i => i).Take(k).ToHashSet();

    private static int Check(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count) throw new ArgumentException($"paired samples differ in length: {x.Count} and {y.Count}");
        return x.Count;
    }
}
