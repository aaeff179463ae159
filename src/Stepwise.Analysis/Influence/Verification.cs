namespace Stepwise.Analysis.Influence;

/// <summary>
/// Estimated against actual query-loss changes for samples checked by exact leave-one-out retraining inside a window
/// (the run replayed with the sample's rows weighted 0 during the window's updates, everything else as trained).
/// </summary>
/// <param name="Samples">The checked train-split rows, in estimated order (most helpful first).</param>
/// <param name="Estimated">I_j as estimated.</param>
/// <param name="Actual">L_query(retrained without j) − L_query(as trained), both evaluated by the float32 model.</param>
/// <param name="BaseLoss">L_query as trained, at the measured state.</param>
public sealed record Verification(IReadOnlyList<long> Samples, IReadOnlyList<double> Estimated, IReadOnlyList<double> Actual, double BaseLoss)
{
    /// <summary>Pearson correlation of estimated and actual changes.</summary>
    public double Pearson => RankStatistics.Pearson(Estimated, Actual);

    /// <summary>Spearman rank correlation (average ranks for ties).</summary>
    public double Spearman => RankStatistics.Spearman(Estimated, Actual);

    /// <summary>Kendall's τ-b.</summary>
    public double Kendall => RankStatistics.KendallTauB(Estimated, Actual);

    /// <summary>Share of samples whose estimate has the sign of the actual change (0 counts as its own sign).</summary>
    public double SignAgreement => RankStatistics.SignAgreement(Estimated, Actual);

    /// <summary>Jaccard index of the 10 highest by estimate and the 10 highest by actual change (of the checked samples).</summary>
    public double TopJaccard => RankStatistics.TopJaccard(Estimated, Actual, 10);
}
