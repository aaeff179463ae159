namespace Stepwise.Training.Cluster;

/// <summary>One allocation of a run under a time limit: it resumes at <see cref="Start"/> and stops at
/// <see cref="End"/> (the plan's T for the last one).</summary>
/// <param name="Number">1-based.</param>
/// <param name="Start">The state it starts from (a checkpoint; 0 for the first).</param>
/// <param name="End">The state it stops at, with a checkpoint.</param>
/// <param name="Checkpoints">The plan's checkpoints it writes, in (Start, End].</param>
/// <param name="StopCheckpoint">Whether it writes one more at <see cref="End"/> for the stop (End is before T and not in
/// the plan's schedule).</param>
public sealed record Allocation(int Number, Step Start, Step End, IReadOnlyList<Step> Checkpoints, bool StopCheckpoint)
{
    /// <summary>The updates it performs (inclusive update indices Start .. End−1).</summary>
    public StepWindow Updates => new(Start.Value, End.Value - 1);
}
