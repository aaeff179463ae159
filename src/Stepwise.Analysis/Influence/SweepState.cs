namespace Stepwise.Analysis.Influence;

/// <summary>
/// Where a backward sweep stands between two updates, enough to continue it later (a stopped run resumes here): the
/// next update to visit (descending), the adjoint of the state after it, the query loss, and the partial scores and
/// occurrence counts of the windows not yet complete.
/// </summary>
internal sealed record SweepState(long NextUpdate, double QueryLoss, double[][] Adjoint, IReadOnlyList<(StepWindow Window, double[] Scores, int[] Occurrences)> Open);
