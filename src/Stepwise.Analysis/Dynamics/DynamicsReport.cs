using Stepwise.Analysis.Dynamics.Statistics;

namespace Stepwise.Analysis.Dynamics;

/// <summary>Mean training-passage compression per scheduled epoch at one transition, and its quadratic fit against
/// <see cref="Axis"/>: "epoch" or "log_epoch" (ln E).</summary>
public sealed record TrajectoryFit(int Layer, CompressionScore Score, string Axis, IReadOnlyList<double> Means, QuadraticFit Fit);

/// <summary>A training passage's memorization onset: the first scheduled epoch it is memorized by seed 002's rule
/// (<see cref="Onset"/>) and exactly reproduced by the fixed-length rule (<see cref="ExactOnset"/>); null: never.</summary>
public sealed record PassageOnset(int Index, long? Onset, long? ExactOnset);

/// <summary>Spearman's ρ between onset and the first scheduled epoch's compression at one transition: over the passages
/// that memorize (<see cref="MemorizedOnly"/>, seed 002's population) and over all training passages with "never"
/// ranked after every epoch, tied (<see cref="NeverLast"/>).</summary>
public sealed record OnsetCorrelation(int Layer, CompressionScore Score, CorrelationTest MemorizedOnly, CorrelationTest NeverLast);

/// <summary>Memorization onset over the training passages.</summary>
public sealed record OnsetAnalysis(IReadOnlyList<PassageOnset> Passages, int Memorized, int Never, double? MeanOnset, double? MedianOnset,
    IReadOnlyList<OnsetCorrelation> Correlations);

/// <summary>Per transition, the first scheduled epoch whose trained-vs-novel test is significant after correction
/// (null: none), and the comparison of early (ℓ &lt; L/2) with late transitions: "early_first", "late_first",
/// "simultaneous" (equal mean first epochs), "early_only", "late_only" or "none".</summary>
public sealed record LayerPattern(CompressionScore Score, IReadOnlyList<long?> FirstSeparation, double? EarlyMean, double? LateMean, string Pattern);

/// <summary>Per transition, the rate of change of mean training-passage compression between scheduled epochs:
/// first differences (C₍ᵢ₊₁₎ − Cᵢ)/(e₍ᵢ₊₁₎ − eᵢ) and second differences (v₍ᵢ₊₁₎ − vᵢ)/((e₍ᵢ₊₂₎ − eᵢ)/2).</summary>
public sealed record Velocity(int Layer, CompressionScore Score, IReadOnlyList<double> First, IReadOnlyList<double> Second);

/// <summary>At one scheduled epoch, the transition whose trained-vs-novel correlation has the largest |r|.</summary>
public sealed record BestLayer(long Epoch, CompressionScore Score, int? Layer, double? R, double? PValue, double? QValue);

/// <summary>Everything results.json, training_summary.csv and summary_report.txt say (docs/dynamics.md).</summary>
public sealed record DynamicsReport
{
    /// <summary>The measurements, in schedule order.</summary>
    public required IReadOnlyList<EpochMeasurement> Epochs { get; init; }
    /// <summary>One summary per epoch.</summary>
    public required IReadOnlyList<EpochSummary> Summaries { get; init; }
    /// <summary>Layer transitions L.</summary>
    public required int Transitions { get; init; }
    /// <summary>Fits per transition, score and axis.</summary>
    public required IReadOnlyList<TrajectoryFit> Trajectories { get; init; }
    /// <summary>Trained vs novel (all passages), per score: layer × epoch tests in (epoch, layer) order.</summary>
    public required IReadOnlyDictionary<CompressionScore, IReadOnlyList<GroupTest>> Membership { get; init; }
    /// <summary>Memorized vs not (training passages, seed 002's rule), per score.</summary>
    public required IReadOnlyDictionary<CompressionScore, IReadOnlyList<GroupTest>> Memorized { get; init; }
    /// <summary>Onset.</summary>
    public required OnsetAnalysis Onset { get; init; }
    /// <summary>Per score.</summary>
    public required IReadOnlyList<LayerPattern> Patterns { get; init; }
    /// <summary>Per score, per transition (rows) and epoch (columns): trained mean − novel mean compression.</summary>
    public required IReadOnlyDictionary<CompressionScore, IReadOnlyList<IReadOnlyList<double>>> Heatmaps { get; init; }
    /// <summary>Per score and transition.</summary>
    public required IReadOnlyList<Velocity> Velocities { get; init; }
    /// <summary>Per epoch and score.</summary>
    public required IReadOnlyList<BestLayer> Best { get; init; }
}
