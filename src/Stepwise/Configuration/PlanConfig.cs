using Stepwise.Scheduling;

namespace Stepwise.Configuration;

/// <summary>
/// The plain configuration model of a plan: sections as typed records. Built from a bound configuration
/// (<see cref="FromValues"/>) or directly in code; <see cref="Planning.PlanBuilder"/> validates and resolves it.
/// </summary>
public sealed record PlanConfig
{
    /// <summary>Epoch size.</summary>
    public EpochSizeConfig Data { get; init; } = new();
    /// <summary>Batch geometry.</summary>
    public BatchConfig Batch { get; init; } = new();
    /// <summary>Run length.</summary>
    public DurationConfig Duration { get; init; } = new();
    /// <summary>Checkpoint schedule.</summary>
    public CheckpointConfig Checkpoints { get; init; } = new();
    /// <summary>Evaluation schedule.</summary>
    public EvalConfig Eval { get; init; } = new();
    /// <summary>Influence recording checkpoints.</summary>
    public InfluenceConfig Influence { get; init; } = new();
    /// <summary>Number of stage windows K, or null for none.</summary>
    public long? Stages { get; init; }
    /// <summary>Bytes of one checkpoint, for the storage estimate.</summary>
    public long? ModelBytes { get; init; }
    /// <summary>Run name, or null.</summary>
    public string? Name { get; init; }

    /// <summary>Notes about the inputs (e.g. how the data was read) that the plan shows first among its warnings.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Canonical path → key as the user wrote it, so that messages name the user's key.</summary>
    public IReadOnlyDictionary<string, string> WrittenKeys { get; init; } = new Dictionary<string, string>();

    /// <summary>Canonical path → value text as the user wrote it.</summary>
    public IReadOnlyDictionary<string, string> WrittenValues { get; init; } = new Dictionary<string, string>();

    /// <summary>The value as written for <paramref name="path"/>, or <paramref name="fallback"/>'s text.</summary>
    public string Shown(string path, object fallback) => WrittenValues.TryGetValue(path, out string? t) ? t : fallback.ToString() ?? "";

    /// <summary>The key as written for canonical <paramref name="path"/>.</summary>
    public string Key(string path) => WrittenKeys.TryGetValue(path, out string? k) ? k : path;

    /// <summary>Builds the model from bound values (defaults: grad_accum 1, world_size 1, drop_last false, log_base 2,
    /// min_interval 0, save_final true, eval.final true).</summary>
    public static PlanConfig FromValues(ConfigValues v) => new()
    {
        Name = v.Word("name"),
        Data = new(v.Count("data.train_size"), v.Count("data.steps_per_epoch"), v.Count("data.samples_per_epoch"),
            v.Count("data.records"), v.Count("data.samples_per_record"), v.Time("data.epoch_time"), v.Count("data.unique_samples")),
        Batch = new(v.Count("batch.size"), v.Count("batch.grad_accum") ?? 1, v.Count("batch.world_size") ?? 1, v.Bool("batch.drop_last", false)),
        Duration = new(v.Time("duration.epochs"), v.Time("duration.max_steps"), v.Time("duration.time_budget"),
            v.Time("duration.step_time"), v.Time("duration.tokens"), v.Count("duration.seq_len")),
        Checkpoints = new(v.Time("checkpoints.every"), v.Time("checkpoints.dense_until"), v.Time("checkpoints.dense_every"),
            v.Count("checkpoints.first_epoch"),
            v.Word("checkpoints.spacing") switch { "linear" => Spacing.Linear, "log" => Spacing.Log, _ => null },
            v.Real("checkpoints.log_base") ?? 2m, v.Time("checkpoints.linear_interval"), v.Time("checkpoints.min_interval"),
            v.Bool("checkpoints.epoch_ends", false), v.Count("checkpoints.every_epochs"), v.TimeList("checkpoints.at"),
            v.Bool("checkpoints.log_spaced", false), v.Bool("checkpoints.save_final", true), v.Count("checkpoints.keep_last")),
        Eval = new(v.Time("eval.every"), v.Bool("eval.at_epoch_end", false), v.Count("eval.every_epochs"), v.TimeList("eval.at"), v.Bool("eval.final", true),
            v.Time("eval.dense_until"), v.Time("eval.dense_every"), v.Bool("eval.log_spaced", false)),
        Stages = v.Count("stages"),
        Influence = new(v.Bool("influence.record", false), v.Time("influence.segment")),
        ModelBytes = v.Count("model_bytes"),
        WrittenKeys = v.Paths.ToDictionary(p => p, v.Key),
        WrittenValues = v.Paths.ToDictionary(p => p, p => v.Text(p)!),
    };

    /// <summary>The keys that define a checkpoint schedule (not retention or the first-epoch scheme's shape).</summary>
    public static IReadOnlyList<string> CheckpointScheduleKeys { get; } =
    [
        "checkpoints.every", "checkpoints.dense_until", "checkpoints.dense_every", "checkpoints.first_epoch", "checkpoints.spacing",
        "checkpoints.epoch_ends", "checkpoints.every_epochs", "checkpoints.at", "checkpoints.log_spaced",
    ];

    /// <summary>This config with seed 004's epoch-spaced checkpoints (first_epoch 20, log spacing, base 2: the
    /// <see cref="Planning.PlanBuilder"/> defaults of the scheme) when it defines no checkpoint schedule; else itself.</summary>
    public PlanConfig WithEpochSpacedDefault() =>
        CheckpointScheduleKeys.Any(WrittenKeys.ContainsKey) ? this : this with { Checkpoints = Checkpoints with { Spacing = Scheduling.Spacing.Log } };
}
