using Stepwise.Configuration;
using Stepwise.Planning;

namespace Stepwise.Training.Setup;

/// <summary>
/// Plans a config the way <c>stepwise train</c> would run it — the planning commands' one entry point. A training
/// config (one that names <c>data.source</c>) is planned from its data, exactly as <c>train</c> plans it; a plan-only
/// config needs its epoch size in the config (or <c>--total-steps/--epochs</c>), and may carry the run's
/// <c>lr_schedule</c> keys (Hugging Face <c>warmup_steps</c>/<c>warmup_ratio</c>), checked as the trainer resolves them.
/// </summary>
public static class ConfigPlanner
{
    /// <summary>The keys a plan-only config accepts: the plan's, plus the run's <c>lr_schedule</c> section and its aliases.</summary>
    public static ConfigSchema PlanSchema { get; } = ConfigSchema.Plan.Extend(
        RunSchema.Run.Keys.Values.Where(k => k.Section == "lr_schedule"),
        RunSchema.Run.Aliases.Where(a => a.Value.StartsWith("lr_schedule.", StringComparison.Ordinal))
            .ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal));

    /// <summary>Whether <paramref name="root"/> names a data source (a training config) rather than only a train size.</summary>
    public static bool IsRunConfig(ConfigNode root) =>
        root is ConfigMapping m && m.Get("data") is ConfigMapping d && d.Get("source") is ConfigScalar { IsNull: false };

    /// <summary>
    /// The plan of <paramref name="root"/> (relative data paths resolve against <paramref name="baseDirectory"/>), or
    /// every error. <paramref name="totalSteps"/>/<paramref name="epochs"/> plan T steps over E epochs instead of from a
    /// geometry (a training config then plans from its settings alone, not its data). With
    /// <paramref name="epochSpacedByDefault"/>, a config that defines no checkpoint schedule gets seed 004's
    /// epoch-spaced scheme (what <c>stepwise checkpoints</c> shows).
    /// </summary>
    public static PlanBuildResult Plan(ConfigNode root, string baseDirectory, long? totalSteps = null, long? epochs = null, bool epochSpacedByDefault = false)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (totalSteps is null && epochs is null && IsRunConfig(root))
        {
            var (setup, errors) = RunSetup.Create(root, baseDirectory, epochSpacedByDefault);
            return setup is null ? new PlanBuildResult(null, errors) : new PlanBuildResult(setup.Plan, []);
        }
        var (values, bindErrors) = ConfigBinder.Bind(root, PlanSchema);
        if (bindErrors.Count > 0) return new PlanBuildResult(null, bindErrors);
        var config = PlanConfig.FromValues(values);
        if (epochSpacedByDefault) config = config.WithEpochSpacedDefault();
        var built = PlanBuilder.Build(config, totalSteps, epochs);
        if (!built.Success) return built;
        var plan = built.Plan!;
        var lrErrors = new List<ConfigError>();
        var lr = LrScheduleSpec.Read(values, lrErrors);
        if (lrErrors.Count > 0) return new PlanBuildResult(null, lrErrors);
        var converter = new StepConverter(plan.Geometry, plan.TotalSteps.Value, plan.StepSeconds, config.Duration.SeqLen);
        var (_, warmupError) = lr.WarmupUpdates(values, converter, plan.TotalSteps.Value);
        return warmupError is null ? built : new PlanBuildResult(null, [warmupError]);
    }
}
