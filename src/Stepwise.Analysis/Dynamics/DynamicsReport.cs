namespace Stepwise.Analysis.Dynamics;

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
