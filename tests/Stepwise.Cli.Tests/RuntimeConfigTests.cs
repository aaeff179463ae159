using System.Text.Json;

namespace Stepwise.Cli.Tests;

/// <summary>The CLI's runtime settings that keep the first seconds of a training run at steady-state speed
/// (BENCHMARKS.md, "Trainer overhead"): no background GC thread competing with the engine's threads, no dynamic-PGO
/// re-jitting burst.</summary>
public class RuntimeConfigTests
{
    [Fact]
    public void Cli_RunsWithBlockingGc_AndWithoutTieredPgo()
    {
        string path = Path.ChangeExtension(typeof(Stepwise.Cli.StepwiseCli).Assembly.Location, ".runtimeconfig.json");
        Assert.True(File.Exists(path), $"{path} is missing");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        JsonElement props = doc.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        Assert.False(props.GetProperty("System.GC.Concurrent").GetBoolean());
        Assert.False(props.GetProperty("System.Runtime.TieredPGO").GetBoolean());
        Assert.True(props.GetProperty("System.Runtime.TieredCompilation").GetBoolean());
    }
}
