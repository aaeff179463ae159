namespace Stepwise.Training.TensorBoard;

/// <summary>
/// Tag names as Hugging Face's <c>TensorBoardCallback</c> writes them, so that dashboards and scripts made for HF
/// runs read Stepwise runs unchanged. HF turns each key of a <c>log_history</c> row into a tag with
/// <c>rewrite_logs</c>: <c>eval_X</c> → <c>eval/X</c>, <c>test_X</c> → <c>test/X</c>, anything else
/// <c>X</c> → <c>train/X</c>; <see cref="FromHfLogKey"/> is that rule. Examples: <c>loss</c> → <c>train/loss</c>,
/// <c>learning_rate</c> → <c>train/learning_rate</c>, <c>eval_loss</c> → <c>eval/loss</c>, <c>eval_val_loss</c>
/// (HF's key for split <c>val</c> when several splits are evaluated) → <c>eval/val_loss</c>,
/// <c>train_samples_per_second</c> → <c>train/train_samples_per_second</c>.
/// </summary>
public static class TensorBoardTags
{
    /// <summary>The mean training loss since the previous log row (HF key <c>loss</c>).</summary>
    public const string TrainLoss = "train/loss";

    /// <summary>The learning rate of the last update (HF key <c>learning_rate</c>).</summary>
    public const string LearningRate = "train/learning_rate";

    /// <summary>The gradient norm before clipping (HF key <c>grad_norm</c>).</summary>
    public const string GradNorm = "train/grad_norm";

    /// <summary>Fractional epochs completed (HF key <c>epoch</c>).</summary>
    public const string Epoch = "train/epoch";

    /// <summary>Training throughput over the last log interval, samples per second (key <c>samples_per_second</c>;
    /// HF logs throughput only at the end, as <c>train_samples_per_second</c>).</summary>
    public const string SamplesPerSecond = "train/samples_per_second";

    /// <summary>Updates per second over the last log interval (key <c>steps_per_second</c>).</summary>
    public const string StepsPerSecond = "train/steps_per_second";

    /// <summary>The tag HF's <c>rewrite_logs</c> gives to log key <paramref name="key"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="key"/> is empty.</exception>
    public static string FromHfLogKey(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (key.StartsWith("eval_", StringComparison.Ordinal)) return "eval/" + key["eval_".Length..];
        if (key.StartsWith("test_", StringComparison.Ordinal)) return "test/" + key["test_".Length..];
        return "train/" + key;
    }
}
