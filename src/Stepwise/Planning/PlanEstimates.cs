namespace Stepwise.Planning;

/// <summary>Counts and estimates derived from a plan. Times are seconds (decimal, exact products of step_time).</summary>
/// <param name="CheckpointCount">Number of checkpoint steps.</param>
/// <param name="EvaluationCount">Number of evaluation steps.</param>
/// <param name="StorageBytes">CheckpointCount × model_bytes (keep_last bounds what is kept, not what is written), or null.</param>
/// <param name="TotalSeconds">T × step_time, or null.</param>
/// <param name="EpochSeconds">U × step_time, or null.</param>
public sealed record PlanEstimates(long CheckpointCount, long EvaluationCount, long? StorageBytes, decimal? TotalSeconds, decimal? EpochSeconds);
