namespace Stepwise.Analysis.Dynamics.Statistics;

/// <summary>
/// Benjamini–Hochberg adjusted p-values (statsmodels <c>multipletests(method="fdr_bh")</c>, R <c>p.adjust("BH")</c>):
/// with the m p-values sorted increasingly, q₍ᵢ₎ = min over j ≥ i of min(1, p₍ⱼ₎·m/j). A test is a discovery at false
/// discovery rate α when q ≤ α, which controls the expected share of false discoveries among them at α for
/// independent (or positively dependent) tests.
/// </summary>
public static class FalseDiscovery
{
    /// <summary>The adjusted p-values, in the input's order; null entries (tests that could not be run) stay null and
    /// do not count towards m.</summary>
    /// <exception cref="ArgumentException">A p-value is outside [0, 1].</exception>
    public static double?[] BenjaminiHochberg(IReadOnlyList<double?> pValues)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        var present = new List<int>();
        for (int i = 0; i < pValues.Count; i++)
        {
            if (pValues[i] is not { } p) continue;
            if (!(p >= 0 && p <= 1)) throw new ArgumentException($"p-value {i} = {p} is outside [0, 1]", nameof(pValues));
            present.Add(i);
        }
        var result = new double?[pValues.Count];
        int m = present.Count;
        if (m == 0) return result;
        // stable sort by p, then index: ties keep a fixed order (the adjusted values of ties are equal anyway)
        var order = present.OrderBy(i => pValues[i]!.Value).ThenBy(i => i).ToArray();
        double running = 1;
        for (int rank = m; rank >= 1; rank--)
        {
            int i = order[rank - 1];
            double q = Math.Min(1, pValues[i]!.Value * m / rank);
            running = Math.Min(running, q);
            result[i] = running;
        }
        return result;
    }
}
