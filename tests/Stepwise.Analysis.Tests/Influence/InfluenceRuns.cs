using Stepwise.Config;
using Stepwise.Training;
using Stepwise.Training.Loop;
using Stepwise.Training.Setup;

namespace Stepwise.Analysis.Tests.Influence;

/// <summary>Trains small runs into temporary folders and opens them, as <c>stepwise train</c> and <c>stepwise
/// influence</c> do.</summary>
public sealed class InfluenceRuns : IDisposable
{
    public InfluenceRuns()
    {
        Root = Path.Combine(Path.GetTempPath(), "stepwise-influence-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public static RunSetup Setup(string yaml)
    {
        var node = YamlConfigReader.ReadText(yaml, "test.yaml");
        Assert.True(node.Success, node.Error);
        var (setup, errors) = RunSetup.Create(node.Value, Path.GetTempPath());
        Assert.True(setup is not null, string.Join("\n", errors));
        return setup!;
    }

    /// <summary>Trains <paramref name="yaml"/> to its end into a new folder; returns the folder.</summary>
    public string Train(string yaml, IReadOnlyList<IUpdateHook>? hooks = null, string? name = null)
    {
        string dir = Path.Combine(Root, name ?? Guid.NewGuid().ToString("N")[..8]);
        var trainer = new Trainer(Setup(yaml), new TrainerOptions { RunDirectory = dir, Hooks = hooks ?? [] });
        Assert.Equal(TrainOutcome.Completed, trainer.Run());
        return dir;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, true); } catch (IOException) { }
    }
}
