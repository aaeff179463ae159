using Stepwise.Config;
using Stepwise.Configuration;
using Stepwise.Planning;

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
        return ConfigOverrides.Apply(root, path, n, Stepwise.Training.Running.RunSchema.Run);
    }

    /// <summary>Binds and plans; prints errors (exit 2) or warnings (stderr) and returns the plan or null.</summary>
    public static Plan? BuildPlan(CliContext cx, ConfigNode root, long? totalSteps, long? epochs, out int exitCode, string? configPath = null)
    {
        if (totalSteps is null && epochs is null && IsRunConfig(root))
        {
            // A training config: the train size comes from its data, exactly as `stepwise train` computes it.
            var (setup, runErrors) = Stepwise.Training.Running.RunSetup.Create(root, BaseDirectory(configPath));
            if (setup is null)
            {
                foreach (var e in runErrors) cx.Err.WriteLine($"stepwise: error: {e}");
                exitCode = ExitCodes.BadInput;
                return null;
            }
            foreach (string w in setup.Plan.Warnings) cx.Err.WriteLine($"stepwise: {w}");
            exitCode = ExitCodes.Ok;
            return setup.Plan;
        }
        var (values, bindErrors) = ConfigBinder.Bind(root, ConfigSchema.Plan);
        IReadOnlyList<ConfigError> errors = bindErrors;
        Plan? plan = null;
        if (errors.Count == 0)
        {
            var built = PlanBuilder.Build(PlanConfig.FromValues(values), totalSteps, epochs);
            errors = built.Errors;
            plan = built.Plan;
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

    /// <summary>Whether the config names a data source (a training config) rather than only a train size.</summary>
    public static bool IsRunConfig(ConfigNode root) =>
        root is ConfigMapping m && m.Get("data") is ConfigMapping d && d.Get("source") is ConfigScalar { IsNull: false };

    /// <summary>The folder relative data paths resolve against: the config file's folder.</summary>
    public static string BaseDirectory(string? configPath) =>
        configPath is null ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(Path.GetFullPath(configPath)) ?? Directory.GetCurrentDirectory();
}
