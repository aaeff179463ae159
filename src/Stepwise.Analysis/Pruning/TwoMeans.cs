namespace Stepwise.Analysis.Pruning;

/// <summary>
/// The exact two-cluster k-means of one-dimensional values (OpenDataVal's <c>noisy_detection</c> clusters data values
/// in two and calls the low cluster noisy): the values sorted, every split between consecutive distinct values tried,
/// the one with the least within-cluster sum of squares kept (the global optimum, which Lloyd's iterations may miss;
/// ties to the lowest split). Sums in float64, in sorted order.
/// </summary>
public static class TwoMeans
{
    /// <summary>The indices of <paramref name="values"/> in the low cluster; empty when fewer than 2 distinct values.</summary>
    public static IReadOnlySet<int> LowCluster(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        int n = values.Count;
        int[] order = Enumerable.Range(0, n).OrderBy(i => values[i]).ThenBy(i => i).ToArray();
        var prefix = new double[n + 1];
        var prefixSquares = new double[n + 1];
        for (int i = 0; i < n; i++)
        {
            double v = values[order[i]];
            prefix[i + 1] = prefix[i] + v;
            prefixSquares[i + 1] = prefixSquares[i] + v * v;
        }
        double Sse(int from, int to)
        {
            int count = to - from;
            double sum = prefix[to] - prefix[from];
            return prefixSquares[to] - prefixSquares[from] - sum * sum / count;
        }
        int best = -1;
        double bestCost = double.PositiveInfinity;
        for (int k = 1; k < n; k++)
        {
            if (values[order[k]] == values[order[k - 1]]) continue; // a cluster never splits equal values
            double cost = Sse(0, k) + Sse(k, n);
            if (cost < bestCost)
            {
                bestCost = cost;
                best = k;
            }
        }
        return best < 0 ? new HashSet<int>() : order[..best].ToHashSet();
    }
}
