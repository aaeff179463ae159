using Stepwise.Config;
using Stepwise.Configuration;
using Stepwise.Planning;
using Stepwise.Training.Setup;

namespace Stepwise.Cli;

/// <summary>Reads a config file and applies <c>--set</c> overrides (the YAML edge), then hands it to Training's
/// <see cref="ConfigPlanner"/> or <see cref="RunSetup"/> and prints what they say: the shared front half of the
/// commands that take a CONFIG.</summary>
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
        return ConfigOverrides.Apply(root, path, n, RunSchema.Run);
    }

    /// <summary>Plans <paramref name="root"/> (<see cref="ConfigPlanner.Plan"/>); prints errors (exit 2) or warnings
    /// (stderr) and returns the plan or null.</summary>
    public static Plan? BuildPlan(CliContext cx, ConfigNode root, long? totalSteps, long? epochs, out int exitCode, string? configPath = null,
        bool epochSpacedByDefault = false)
    {
        var built = ConfigPlanner.Plan(root, BaseDirectory(configPath), totalSteps, epochs, epochSpacedByDefault);
        if (!built.Success)
        {
            foreach (var e in built.Errors) cx.Err.WriteLine($"stepwise: error: {e}");
            exitCode = ExitCodes.BadInput;
            return null;
        }
        foreach (string w in built.Plan!.Warnings) cx.Err.WriteLine($"stepwise: {w}");
        exitCode = ExitCodes.Ok;
        return built.Plan;
    }

    /// <summary>The folder relative data paths resolve against: the config file's folder.</summary>
    public static string BaseDirectory(string? configPath) =>
        configPath is null ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(Path.GetFullPath(configPath)) ?? Directory.GetCurrentDirectory();

    /// <summary>Binds a run config, loads its data and plans it; prints the errors and returns null (exit 2) when invalid.</summary>
    public static RunSetup? BuildRun(CliContext cx, ConfigNode root, string? configPath, out int exitCode)
    {
        var (setup, errors) = RunSetup.Create(root, BaseDirectory(configPath));
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
