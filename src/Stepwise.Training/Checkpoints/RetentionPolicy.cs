namespace Stepwise.Training.Checkpoints;

/// <summary>
/// Which checkpoints <see cref="CheckpointStore.ApplyRetention"/> keeps. Only valid checkpoints take part; corrupt
/// folders are neither counted nor deleted (they are evidence). A valid checkpoint is kept when any of these holds:
/// it is the newest valid one (always, even when its metric is worse); it is permanent; it is among the
/// <see cref="KeepBest"/> best by metric; it is among the <see cref="KeepLast"/> newest valid ones. All others are deleted.
/// </summary>
/// <param name="KeepLast">How many of the newest valid checkpoints to keep (the newest valid one counts as one of them;
/// Hugging Face <c>save_total_limit</c>); null keeps all. Must be ≥ 0; 0 keeps only the newest valid one plus
/// permanent and best ones.</param>
/// <param name="KeepBest">How many of the best checkpoints by <see cref="BestMetric"/> to keep in addition; null or 0
/// keeps none for their metric. Ties go to the earlier step.</param>
/// <param name="BestMetric">The metric's name (e.g. <c>"eval_loss"</c>), for messages and records; the values come from
/// the <c>metricByStep</c> argument.</param>
/// <param name="GreaterIsBetter">True when a larger metric is better (accuracy); false when smaller is (loss).</param>
public sealed record RetentionPolicy(long? KeepLast, long? KeepBest = null, string? BestMetric = null, bool GreaterIsBetter = false);
