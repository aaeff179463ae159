using System.Globalization;
using Stepwise.Training.Setup;

namespace Stepwise.Training.Runs;

/// <summary>Where a run goes when no folder is named: <c>runs/&lt;name&gt;-&lt;UTC yyyyMMdd-HHmmss&gt;</c>, the name being
/// the config's <c>name</c> or the config file's name.</summary>
public static class RunFolderNames
{
    /// <summary>The default run folder (relative to the working folder) for <paramref name="setup"/> started at
    /// <paramref name="utc"/>.</summary>
    public static string Default(RunSetup setup, string configPath, DateTime utc)
    {
        ArgumentNullException.ThrowIfNull(setup);
        string name = setup.Config.Name ?? Path.GetFileNameWithoutExtension(configPath);
        return Path.Combine("runs", $"{name}-{utc.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");
    }
}
