using Stepwise.Analysis.Dynamics.Statistics;

namespace Stepwise.Analysis.Dynamics;

/// <summary>One layer × epoch test: the point-biserial correlation of a passage group with a compression score, its
/// Benjamini–Hochberg adjusted p (over the family of all layer × epoch tests of the same question and score) and the
/// effect size (first group minus second).</summary>
/// <param name="Layer">Transition ℓ → ℓ+1 (0-based ℓ).</param>
/// <param name="Epoch">The scheduled epoch.</param>
/// <param name="Correlation">r (group = 1 for trained, or for memorized) and its raw p.</param>
/// <param name="QValue">The adjusted p, or null when the test could not be run.</param>
/// <param name="Effect">Means, raw difference and Cohen's d.</param>
public sealed record GroupTest(int Layer, long Epoch, CorrelationTest Correlation, double? QValue, EffectSize Effect)
{
    /// <summary>The false discovery rate at which a test counts as significant.</summary>
    public const double Fdr = 0.05;

    /// <summary>Significant after correction: q ≤ <see cref="Fdr"/>.</summary>
    public bool Significant => QValue is { } q && q <= Fdr;
}
