using Stepwise.Config;
using Stepwise.Configuration;
using Stepwise.Planning;
using Stepwise.Training.Setup;

namespace Stepwise.Cli;

/// <summary>Reads a config file, applies <c>--set</c> overrides, binds it and builds the plan: the shared front half of
/// <c>plan</c>, <c>checkpoints</c> and <c>windows</c>.</summary>
public static class ConfigLoader
{
    /// <summary>The config tree with overrides applied, or the messages.</summary>
    public static ParseResult<ConfigNode> Load(string path, IEnumerable<string> sets, IEnumerable<(string Path, string Value)>? extra = null)
    {
        var read = YamlConfigReader.ReadFile(path);
        if (!read.TryGetValue(out ConfigNode? root)) return read;
        foreach (string set in sets)
        {
            int eq = set.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) return ParseResult<ConfigNode>.Fail($"--set {set}: expected key.path=value, e.g. --set checkpoints.every=500");
            var applied = Apply(root, set[..eq].Trim(), set[(eq + 1)..]);
            if (!applied.TryGetValue(out root)) return applied;
        }
        foreach (var (p, v) in extra ?? [])
        {
            var applied = Apply(root, p, v);
            if (!applied.TryGetValue(out root)) return applied;
        }
        return ParseResult<ConfigNode>.Ok(root);
    }

    private static ParseResult<ConfigNode> Apply(ConfigNode root, string path, string value)
    {
        var node = YamlConfigReader.ReadValue(value);
        if (!node.TryGetValue(out var n)) return ParseResult<ConfigNode>.Fail($"--set {path}: {node.Error}");
        return ConfigOverrides.Apply(root, path, n, Stepwise.Training.Setup.RunSchema.Run);
    }

    /// <summary>Binds and plans; prints errors (exit 2) or warnings (stderr) and returns the plan or null.</summary>
    public static Plan? BuildPlan(CliContext cx, ConfigNode root, long? totalSteps, long? epochs, out int exitCode, string? configPath = null)
    {
        if (totalSteps is null && epochs is null && IsRunConfig(root))
        {
            // A training config: the train size comes from its data, exactly as `stepwise train` computes it.
            var setup = BuildRun(cx, root, configPath, out exitCode);
            if (setup is null) return null;
            foreach (string w in setup.Plan.Warnings) cx.Err.WriteLine($"stepwise: {w}");
            exitCode = ExitCodes.Ok;
            return setup.Plan;
        }
        var (values, bindErrors) = ConfigBinder.Bind(root, PlanSchema);
        IReadOnlyList<ConfigError> errors = bindErrors;
        Plan? plan = null;
        if (errors.Count == 0)
        {
            var config = PlanConfig.FromValues(values);
            var built = PlanBuilder.Build(config, totalSteps, epochs);
            errors = built.Errors;
            plan = built.Plan;
            if (plan is not null && WarmupError(values, config, plan) is { } warmup) errors = [warmup];
        }
        if (errors.Count > 0)
        {
            foreach (var e in errors) cx.Err.WriteLine($"stepwise: error: {e}");
            exitCode = ExitCodes.BadInput;
            return null;
        }
        foreach (string w in plan!.Warnings) cx.Err.WriteLine($"stepwise: {w}");
        exitCode = ExitCodes.Ok;
        return plan;
    }

    /// <summary>
    /// The keys a planning config accepts: <see cref="ConfigSchema.Plan"/> plus the run schema's learning-rate schedule
    /// section, so that Hugging Face <c>warmup_steps</c>/<c>warmup_ratio</c> (and <c>lr_scheduler_type</c>) are accepted
    /// and checked in a plan-only config too; they do not change the plan.
    /// </summary>
    public static ConfigSchema PlanSchema { get; } = ConfigSchema.Plan.Extend(
        Stepwise.Training.Setup.RunSchema.Run.Keys.Values.Where(k => k.Section == "lr_schedule"),
        Stepwise.Training.Setup.RunSchema.Run.Aliases.Where(a => a.Value.StartsWith("lr_schedule.", StringComparison.Ordinal))
            .ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal));

    /// <summary>The warmup of a plan-only config checked against the run, as the trainer resolves it: warmup_steps
    /// through the plan's converter (≤ T), or warmup_ratio in [0, 1]; not both.</summary>
    private static ConfigError? WarmupError(ConfigValues values, PlanConfig config, Plan plan)
    {
        const string steps = "lr_schedule.warmup_steps", ratio = "lr_schedule.warmup_ratio";
        long t = plan.TotalSteps.Value;
        if (values.Has(steps) && values.Has(ratio))
            return new(values.Key(ratio), values.Text(ratio), $"give one of {values.Key(steps)} and {values.Key(ratio)}");
        if (values.Real(ratio) is { } r && (r < 0 || r > 1))
            return new(values.Key(ratio), values.Text(ratio), "is out of range; allowed: a fraction in [0, 1] (warmup = ceil(ratio × total steps))");
        if (values.Time(steps) is not { } w) return null;
        var converted = new StepConverter(plan.Geometry, t, plan.StepSeconds, config.Duration.SeqLen).ToSteps(w);
        if (!converted.TryGetValue(out long n)) return new(values.Key(steps), values.Text(steps), converted.Error!);
        return n > t ? new(values.Key(steps), values.Text(steps), string.Create(System.Globalization.CultureInfo.InvariantCulture, $"gives {n} warmup steps, more than the run's {t}; allowed 0..{t}")) : null;
    }

    /// <summary>Whether the config names a data source (a training config) rather than only a train size.</summary>
    public static bool IsRunConfig(ConfigNode root) =>
        root is ConfigMapping m && m.Get("data") is ConfigMapping d && d.Get("source") is ConfigScalar { IsNull: false };

    /// <summary>The folder relative data paths resolve against: the config file's folder.</summary>
    public static string BaseDirectory(string? configPath) =>
        configPath is null ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(Path.GetFullPath(configPath)) ?? Directory.GetCurrentDirectory();

    /// <summary>Binds a run config, loads its data and plans it; prints the errors and returns null (exit 2) when invalid.</summary>
    public static Stepwise.Training.Setup.RunSetup? BuildRun(CliContext cx, ConfigNode root, string? configPath, out int exitCode)
    {
        var (setup, errors) = Stepwise.Training.Setup.RunSetup.Create(root, BaseDirectory(configPath));
        if (setup is null)
        {
            foreach (var e in errors) cx.Err.WriteLine($"stepwise: error: {e}");
            exitCode = ExitCodes.BadInput;
            return null;
        }
        exitCode = ExitCodes.Ok;
        return setup;
    }
}
