namespace Stepwise.Configuration;

/// <summary>
/// The keys a configuration accepts, and the aliases (Hugging Face <c>TrainingArguments</c> names and the seeds' own
/// names) that map onto them. Aliases are accepted at the top level and inside a <c>training:</c> section.
/// Later layers extend <see cref="Plan"/> with their own sections.
/// </summary>
public sealed class ConfigSchema
{
    private static readonly TimeUnit[] Lengths = [TimeUnit.Steps, TimeUnit.Epochs, TimeUnit.Samples, TimeUnit.Tokens];
    // Schedule intervals and points: any unit that converts to steps in a plan; wall-clock ones (1h, 30m) through
    // duration.step_time, floor(seconds / step_time).
    private static readonly TimeUnit[] Intervals = [TimeUnit.Steps, TimeUnit.Epochs, TimeUnit.Samples, TimeUnit.Tokens, TimeUnit.Duration, TimeUnit.Seconds];
    private static readonly TimeUnit[] Clock = [TimeUnit.Seconds];

    /// <summary>Creates a schema.</summary>
    public ConfigSchema(IEnumerable<KeySpec> keys, IReadOnlyDictionary<string, string> aliases)
    {
        Keys = keys.ToDictionary(k => k.Path, StringComparer.Ordinal);
        Aliases = aliases;
    }

    /// <summary>Key specs by canonical path.</summary>
    public IReadOnlyDictionary<string, KeySpec> Keys { get; }

    /// <summary>Alias name → canonical path.</summary>
    public IReadOnlyDictionary<string, string> Aliases { get; }

    /// <summary>The sections (first path segments of dotted keys).</summary>
    public IEnumerable<string> Sections => Keys.Values.Select(k => k.Section).Where(s => s.Length > 0).Distinct();

    /// <summary>A schema with more keys and aliases.</summary>
    public ConfigSchema Extend(IEnumerable<KeySpec> keys, IReadOnlyDictionary<string, string>? aliases = null) =>
        new(Keys.Values.Concat(keys), aliases is null ? Aliases : Aliases.Concat(aliases).ToDictionary(p => p.Key, p => p.Value));

    /// <summary>The plan schema: data, batch, duration, checkpoints, eval, stages, model_bytes (see docs/config.md).</summary>
    public static ConfigSchema Plan { get; } = new(
    [
        new("name", ValueKind.Text),
        new("data.train_size", ValueKind.Count, 1),
        new("data.steps_per_epoch", ValueKind.Count, 1),
        new("data.samples_per_epoch", ValueKind.Count, 1),
        new("data.records", ValueKind.Count, 1),
        new("data.samples_per_record", ValueKind.Count, 1),
        new("data.epoch_time", ValueKind.Time, BareUnit: TimeUnit.Seconds, Units: Clock),
        new("data.unique_samples", ValueKind.Count, 1),
        new("batch.size", ValueKind.Count, 1),
        new("batch.grad_accum", ValueKind.Count, 1),
        new("batch.world_size", ValueKind.Count, 1),
        new("batch.drop_last", ValueKind.Bool),
        new("duration.epochs", ValueKind.Time, BareUnit: TimeUnit.Epochs, Units: Lengths),
        new("duration.max_steps", ValueKind.Time, BareUnit: TimeUnit.Steps, Units: Lengths),
        new("duration.time_budget", ValueKind.Time, BareUnit: TimeUnit.Seconds, Units: Clock),
        new("duration.step_time", ValueKind.Time, BareUnit: TimeUnit.Seconds, Units: Clock),
        new("duration.tokens", ValueKind.Time, BareUnit: TimeUnit.Tokens, Units: [TimeUnit.Tokens]),
        new("duration.seq_len", ValueKind.Count, 1),
        new("checkpoints.every", ValueKind.Time, BareUnit: TimeUnit.Steps, Units: Intervals),
        new("checkpoints.dense_until", ValueKind.Time, BareUnit: TimeUnit.Steps, Units: Intervals),
        new("checkpoints.dense_every", ValueKind.Time, BareUnit: TimeUnit.Steps, Units: Intervals),
        new("checkpoints.first_epoch", ValueKind.Count, 0),
        new("checkpoints.spacing", ValueKind.Choice, Choices: ["linear", "log"]),
        new("checkpoints.log_base", ValueKind.Real, 1),
        new("checkpoints.linear_interval", ValueKind.Time, BareUnit: TimeUnit.Steps, Units: Intervals),
        new("checkpoints.min_interval", ValueKind.Time, BareUnit: TimeUnit.Steps, Units: Intervals),
        new("checkpoints.epoch_ends", ValueKind.Bool),
        new("checkpoints.every_epochs", ValueKind.Count, 1),
        new("checkpoints.at", ValueKind.TimeList, BareUnit: TimeUnit.Steps, Units: Intervals),
        new("checkpoints.log_spaced", ValueKind.Bool),
        new("checkpoints.save_final", ValueKind.Bool),
        new("checkpoints.keep_last", ValueKind.Count, 1),
        new("eval.every", ValueKind.Time, BareUnit: TimeUnit.Steps, Units: Intervals),
        new("eval.at_epoch_end", ValueKind.Bool),
        new("eval.every_epochs", ValueKind.Count, 1),
        new("eval.at", ValueKind.TimeList, BareUnit: TimeUnit.Steps, Units: Intervals),
        new("eval.final", ValueKind.Bool),
        new("eval.dense_until", ValueKind.Time, BareUnit: TimeUnit.Steps, Units: Intervals),
        new("eval.dense_every", ValueKind.Time, BareUnit: TimeUnit.Steps, Units: Intervals),
        new("eval.log_spaced", ValueKind.Bool),
        new("stages", ValueKind.Count, 1),
        new("influence.record", ValueKind.Bool),
        new("influence.segment", ValueKind.Time, BareUnit: TimeUnit.Steps, Units: Intervals),
        new("model_bytes", ValueKind.Count, 1),
    ],
    new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // Hugging Face TrainingArguments
        ["num_train_epochs"] = "duration.epochs",
        ["max_steps"] = "duration.max_steps",
        ["per_device_train_batch_size"] = "batch.size",
        ["gradient_accumulation_steps"] = "batch.grad_accum",
        ["dataloader_drop_last"] = "batch.drop_last",
        ["save_steps"] = "checkpoints.every",
        ["eval_steps"] = "eval.every",
        ["save_total_limit"] = "checkpoints.keep_last",
        // seed 000 / 001
        ["train_count"] = "data.train_size",
        ["dataset_size"] = "data.train_size",
        ["batch_size"] = "batch.size",
        ["num_epochs"] = "duration.epochs",
        ["num_stages"] = "stages",
        ["save_step_dense"] = "checkpoints.dense_until",
        ["save_step_dense_interval"] = "checkpoints.dense_every",
        // seed 003
        ["train_iterations_per_epoch"] = "data.steps_per_epoch",
        ["patches_per_volume"] = "data.samples_per_record",
        ["train_batch_size"] = "batch.size",
        ["max_epochs"] = "duration.epochs",
        // seed 004
        ["first_epoch_checkpoints"] = "checkpoints.first_epoch",
        ["subsequent_epochs_spacing"] = "checkpoints.spacing",
        ["log_base"] = "checkpoints.log_base",
        ["linear_interval"] = "checkpoints.linear_interval",
        ["min_checkpoint_interval"] = "checkpoints.min_interval",
    });
}
