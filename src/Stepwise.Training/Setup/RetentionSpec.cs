namespace Stepwise.Training.Setup;

/// <summary>Checkpoint retention (config keys <c>checkpoints.keep_last</c>, <c>keep_best</c>, <c>best_metric</c>,
/// <c>greater_is_better</c>, <c>permanent</c>, <c>permanent_every</c>). Permanent steps are resolved to update counts.</summary>
/// <param name="KeepLast">Keep the newest N (Hugging Face <c>save_total_limit</c>), or null to keep all.</param>
/// <param name="KeepBest">Also keep the best N by <paramref name="BestMetric"/>, or null.</param>
/// <param name="BestMetric">A logged metric name such as <c>val_loss</c> or <c>val_accuracy</c>, or null.</param>
/// <param name="GreaterIsBetter">Whether a larger metric is better (default: true for names containing "accuracy").</param>
/// <param name="Permanent">Steps whose checkpoints are never deleted.</param>
/// <param name="PermanentEvery">Checkpoints at multiples of this many steps are never deleted, or null.</param>
/// <param name="Recorded">The plan's influence-recording checkpoints (never deleted), or null.</param>
public sealed record RetentionSpec(long? KeepLast, long? KeepBest, string? BestMetric, bool GreaterIsBetter, IReadOnlySet<long> Permanent, long? PermanentEvery,
    Scheduling.Schedule? Recorded = null)
{
    /// <summary>Whether the checkpoint at <paramref name="step"/> is permanent.</summary>
    public bool IsPermanent(long step) => Permanent.Contains(step) || (PermanentEvery is { } k && step % k == 0) || (Recorded?.Contains(new Step(step)) ?? false);
}
