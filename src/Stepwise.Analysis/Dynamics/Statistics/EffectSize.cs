namespace Stepwise.Analysis.Dynamics.Statistics;

/// <summary>
/// The difference between two groups: raw means and Cohen's d = (mean₁ − mean₂) / s_pooled, with
/// s_pooled = √(((n₁−1)s₁² + (n₂−1)s₂²)/(n₁+n₂−2)) and s² the sample variance (n − 1 denominator).
/// </summary>
/// <param name="MeanFirst">Mean of the first group (null when empty).</param>
/// <param name="MeanSecond">Mean of the second group (null when empty).</param>
/// <param name="Difference">MeanFirst − MeanSecond (null when a group is empty).</param>
/// <param name="CohensD">Cohen's d (null when n₁ + n₂ &lt; 3 or the pooled deviation is 0).</param>
/// <param name="CountFirst">Size of the first group.</param>
/// <param name="CountSecond">Size of the second group.</param>
public sealed record EffectSize(double? MeanFirst, double? MeanSecond, double? Difference, double? CohensD, int CountFirst, int CountSecond)
{
    /// <summary>The effect of <paramref name="first"/> against <paramref name="second"/>.</summary>
    public static EffectSize Of(IReadOnlyList<double> first, IReadOnlyList<double> second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        int n1 = first.Count, n2 = second.Count;
        double? m1 = n1 > 0 ? first.Average() : null, m2 = n2 > 0 ? second.Average() : null;
        double? diff = m1 - m2;
        double? d = null;
        if (n1 > 0 && n2 > 0 && n1 + n2 >= 3)
        {
            double ss1 = first.Sum(v => (v - m1!.Value) * (v - m1.Value));
            double ss2 = second.Sum(v => (v - m2!.Value) * (v - m2.Value));
            double pooled = Math.Sqrt((ss1 + ss2) / (n1 + n2 - 2));
            if (pooled > 0) d = diff / pooled;
        }
        return new EffectSize(m1, m2, diff, d, n1, n2);
    }
}
