namespace Stepwise.Analysis.Dynamics;

/// <summary>Memorization onset over the training passages.</summary>
public sealed record OnsetAnalysis(IReadOnlyList<PassageOnset> Passages, int Memorized, int Never, double? MeanOnset, double? MedianOnset,
    IReadOnlyList<OnsetCorrelation> Correlations);
