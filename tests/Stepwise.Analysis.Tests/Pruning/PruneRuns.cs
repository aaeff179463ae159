using Stepwise.Analysis.Pruning;
using Stepwise.Config;
using Stepwise.Configuration;
using Stepwise.Training.Loop;

namespace Stepwise.Analysis.Tests.Pruning;

/// <summary>Pruning experiments in temporary folders, run through <see cref="PruneExperiment"/> as <c>stepwise prune</c>
/// runs them.</summary>
public sealed class PruneRuns : IDisposable
{
    /// <summary>A smaller copy of seed 000's setup (examples/seed000-pruning.yaml): digits with 30 % of the train labels
    /// flipped, 500 train / 100 val / 100 test rows, batch 16 (32 steps per epoch), 6 epochs (192 steps), 3 stage
    /// windows of 64 updates, an MLP trained with SGD, 30 % pruned.</summary>
    public const string Small = """
        name: small-prune
        seed: 0
        data: { source: digits, n: 700, label_noise: 0.3, splits: { val: 0.143, test: 0.143 } }
        model: { kind: mlp, hidden: [32], activation: relu }
        optimizer: { kind: sgd, lr: 0.1 }
        batch: { size: 16 }
        duration: { epochs: 6 }
        stages: 3
        influence: { segment: 64 }
        eval: { at_epoch_end: true }
        prune: { fraction: 0.3, method: tim }
        """;

    public PruneRuns()
    {
        Root = Path.Combine(Path.GetTempPath(), "stepwise-prune-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string Dir(string name) => Path.Combine(Root, name);

    public static ConfigNode Tree(string yaml)
    {
        var node = YamlConfigReader.ReadText(yaml, "prune.yaml");
        Assert.True(node.Success, node.Error);
        return node.Value!;
    }

    // no thread count: the engine's count is process-wide, and the other tests of this assembly use the default
    public PruneRequest Request(string yaml, string name, PruneOverrides? overrides = null, bool resume = false) => new()
    {
        Config = Tree(yaml), BaseDirectory = Root, OutDirectory = Dir(name), Overrides = overrides ?? new(), Resume = resume,
    };

    public static PrunePlan Plan(PruneRequest request)
    {
        var (plan, errors) = PruneExperiment.Prepare(request);
        Assert.True(plan is not null, string.Join("\n", errors));
        return plan!;
    }

    /// <summary>Runs the experiment to its end.</summary>
    public PruneOutcome Run(string yaml, string name, PruneOverrides? overrides = null)
    {
        var outcome = PruneExperiment.Run(Plan(Request(yaml, name, overrides)), new StopSignal());
        Assert.False(outcome.Stopped);
        return outcome;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, true); } catch (IOException) { }
    }
}
