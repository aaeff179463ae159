namespace Stepwise.Analysis.Pruning;

/// <summary>What <see cref="PruneExperiment.Run"/> did: the results (all of them, or those finished before a stop), the
/// time split, and the files it wrote.</summary>
/// <param name="Results">The results.</param>
/// <param name="Timing">Where this process's wall time went.</param>
/// <param name="Files">The result files written (full paths).</param>
public sealed record PruneOutcome(PruneResults Results, PruneTiming Timing, IReadOnlyList<string> Files)
{
    /// <summary>Whether a signal or the time limit stopped the experiment (resumable with <c>--resume auto</c>).</summary>
    public bool Stopped => !Results.Completed;
}
