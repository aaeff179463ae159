namespace Stepwise.Analysis.Pruning;

/// <summary>Where this process's wall time went (<c>prune_timing.json</c>; not reproducible, so kept out of the results).</summary>
/// <param name="TrainingSeconds">Training the runs once.</param>
/// <param name="ScoringSeconds">Scoring (TIM, TracIn), the influence CSVs included.</param>
/// <param name="RetrainingSeconds">Retraining.</param>
/// <param name="TotalSeconds">Everything, setup and outputs included.</param>
public sealed record PruneTiming(double TrainingSeconds, double ScoringSeconds, double RetrainingSeconds, double TotalSeconds);
