using Stepwise.Configuration;

namespace Stepwise.Training.Setup;

/// <summary>
/// The keys of a training run config: the plan's keys (<see cref="ConfigSchema.Plan"/>) plus seed, threads, data
/// source, model, optimizer, learning-rate schedule, logging, evaluation splits, retention (docs/config.md), the
/// <c>dynamics</c> section (docs/dynamics.md) and the <c>prune</c> section of <c>stepwise prune</c> (docs/config.md).
/// </summary>
public static class RunSchema
{
    private static readonly TimeUnit[] Lengths = [TimeUnit.Steps, TimeUnit.Epochs, TimeUnit.Samples, TimeUnit.Tokens, TimeUnit.Duration];

    /// <summary>The data sources <c>data.source</c> accepts.</summary>
    public static IReadOnlyList<string> Sources { get; } = ["digits", "breast_cancer", "blobs", "csv", "text"];

    /// <summary>The model kinds <c>model.kind</c> accepts.</summary>
    public static IReadOnlyList<string> Models { get; } = ["logreg", "mlp", "tiny_gpt"];

    /// <summary>The run schema.</summary>
    public static ConfigSchema Run { get; } = ConfigSchema.Plan.Extend(
    [
        new("seed", ValueKind.Count, 0),
        new("threads", ValueKind.Count, 1),
        new("report", ValueKind.Bool),
        new("data.source", ValueKind.Choice, Choices: Sources),
        new("data.path", ValueKind.Text),
        new("data.label", ValueKind.Text),
        new("data.index_column", ValueKind.Text),
        new("data.n", ValueKind.Count, 2),
        new("data.features", ValueKind.Count, 1),
        new("data.classes", ValueKind.Count, 2),
        new("data.label_noise", ValueKind.Real, -1),
        new("data.cluster_std", ValueKind.Real, 0),
        new("data.vocabulary", ValueKind.Choice, Choices: ["bytes", "chars"]),
        new("data.context", ValueKind.Count, 1),
        new("data.split", ValueKind.Choice, Choices: ["blank_line", "fixed"]),
        new("data.splits", ValueKind.SplitMap, 0),
        new("data.standardize", ValueKind.Bool),
        new("data.exclude_rows", ValueKind.CountList, 0),
        new("model.kind", ValueKind.Choice, Choices: Models),
        new("model.hidden", ValueKind.CountList, 1),
        new("model.activation", ValueKind.Choice, Choices: ["relu", "gelu", "tanh"]),
        new("model.l2", ValueKind.Real, -1),
        new("model.layers", ValueKind.Count, 1),
        new("model.heads", ValueKind.Count, 1),
        new("model.width", ValueKind.Count, 1),
        new("model.dropout", ValueKind.Real, -1),
        new("model.tie_weights", ValueKind.Bool),
        new("model.init_from", ValueKind.Text),
        new("optimizer.kind", ValueKind.Choice, Choices: ["sgd", "adamw"]),
        new("optimizer.lr", ValueKind.Real, 0),
        new("optimizer.momentum", ValueKind.Real, -1),
        new("optimizer.nesterov", ValueKind.Bool),
        new("optimizer.weight_decay", ValueKind.Real, -1),
        new("optimizer.betas", ValueKind.RealList, 0),
        new("optimizer.eps", ValueKind.Real, 0),
        new("lr_schedule.kind", ValueKind.Choice, Choices: ["constant", "linear", "cosine", "step"]),
        new("lr_schedule.warmup_steps", ValueKind.Time, BareUnit: TimeUnit.Steps, Units: Lengths),
        new("lr_schedule.warmup_ratio", ValueKind.Real, -1),
        new("lr_schedule.min_lr", ValueKind.Real, -1),
        new("lr_schedule.step_size", ValueKind.Time, BareUnit: TimeUnit.Steps, Units: Lengths),
        new("lr_schedule.gamma", ValueKind.Real, 0),
        new("log.every", ValueKind.Time, BareUnit: TimeUnit.Steps, Units: Lengths),
        new("log.tensorboard", ValueKind.Bool),
        new("log.report_to", ValueKind.TextList),
        new("eval.splits", ValueKind.TextList),
        new("eval.batch_size", ValueKind.Count, 1),
        new("checkpoints.keep_best", ValueKind.Count, 1),
        new("checkpoints.best_metric", ValueKind.Text),
        new("checkpoints.greater_is_better", ValueKind.Bool),
        new("checkpoints.permanent", ValueKind.TimeList, BareUnit: TimeUnit.Steps, Units: Lengths),
        new("checkpoints.permanent_every", ValueKind.Time, BareUnit: TimeUnit.Steps, Units: Lengths),
        // stepwise dynamics (seed 002) and train's dataset cartography; read by Stepwise.Analysis.Dynamics (docs/dynamics.md)
        new("dynamics.record", ValueKind.Bool),
        new("dynamics.text", ValueKind.Text),
        new("dynamics.novel_text", ValueKind.Text),
        new("dynamics.epoch_schedule", ValueKind.CountList, 1),
        new("dynamics.quick_test", ValueKind.Bool),
        new("dynamics.num_passages", ValueKind.Count, 1),
        new("dynamics.k", ValueKind.Count, 1),
        new("dynamics.prompt_tokens", ValueKind.Count, 1),
        new("dynamics.target_tokens", ValueKind.Count, 1),
        new("dynamics.memorized_threshold", ValueKind.Real, 0),
        new("dynamics.save_checkpoints", ValueKind.Bool),
        new("dynamics.save_hidden_states", ValueKind.Bool),
        new("dynamics.pretrain", ValueKind.Text),
        new("dynamics.pretrain_out", ValueKind.Text),
        // stepwise prune (read by Analysis' PruneSettings; training ignores the section)
        new("prune.stages", ValueKind.Count, 1),
        new("prune.fraction", ValueKind.Real, 0),
        new("prune.noise", ValueKind.Real, -1),
        new("prune.method", ValueKind.Choice, Choices: ["tim", "tracin", "all"]),
        new("prune.repeats", ValueKind.Count, 1),
        new("prune.query", ValueKind.Text),
    ],
    new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // Hugging Face TrainingArguments
        ["learning_rate"] = "optimizer.lr",
        ["weight_decay"] = "optimizer.weight_decay",
        ["adam_epsilon"] = "optimizer.eps",
        ["lr_scheduler_type"] = "lr_schedule.kind",
        ["warmup_steps"] = "lr_schedule.warmup_steps",
        ["warmup_ratio"] = "lr_schedule.warmup_ratio",
        ["logging_steps"] = "log.every",
        ["report_to"] = "log.report_to",
        ["per_device_eval_batch_size"] = "eval.batch_size",
        ["metric_for_best_model"] = "checkpoints.best_metric",
        ["greater_is_better"] = "checkpoints.greater_is_better",
    });
}
