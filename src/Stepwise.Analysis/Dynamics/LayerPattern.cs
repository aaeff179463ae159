namespace Stepwise.Analysis.Dynamics;

/// <summary>Per transition, the first scheduled epoch whose trained-vs-novel test is significant after correction
/// (null: none), and the comparison of early (ℓ &lt; L/2) with late transitions: "early_first", "late_first",
/// "simultaneous" (equal mean first epochs), "early_only", "late_only" or "none".</summary>
public sealed record LayerPattern(CompressionScore Score, IReadOnlyList<long?> FirstSeparation, double? EarlyMean, double? LateMean, string Pattern);
