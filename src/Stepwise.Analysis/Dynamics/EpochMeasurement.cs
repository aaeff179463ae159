namespace Stepwise.Analysis.Dynamics;

/// <summary>Every passage's measurement at the end of one scheduled epoch.</summary>
/// <param name="Epoch">The scheduled epoch E.</param>
/// <param name="Step">The plan step it ends at (E·U).</param>
/// <param name="Passages">Training passages, then novel ones, each in source order.</param>
/// <param name="Timestamp">When it was measured (UTC, ISO 8601), for training_summary.csv only: results.json holds
/// nothing that depends on the clock.</param>
public sealed record EpochMeasurement(long Epoch, long Step, IReadOnlyList<PassageMeasurement> Passages, string Timestamp)
{
    /// <summary>Layer transitions measured (L).</summary>
    public int Transitions => Passages.Count == 0 ? 0 : Passages[0].Compression.Count;
}
