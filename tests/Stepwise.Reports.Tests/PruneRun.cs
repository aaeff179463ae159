using Stepwise.Analysis.Pruning;
using Stepwise.Config;
using Stepwise.Training.Loop;

namespace Stepwise.Reports.Tests;

/// <summary>A real pruning experiment for the report tests (TIM and TracIn, 3 stages, 2 repeats on a small digits run),
/// run once by <see cref="PruneExperiment"/> in a temporary folder.</summary>
public sealed class PruneRun : IDisposable
{
    public const string Yaml = """
        name: prune-digits
        seed: 4
        data: { source: digits, n: 400, label_noise: 0.3, splits: { val: 0.2, test: 0.2 } }
        model: { kind: mlp, hidden: [32] }
        optimizer: { kind: sgd, lr: 0.2 }
        batch: { size: 16 }
        duration: { epochs: 6 }
        eval: { at_epoch_end: true }
        prune: { stages: 3, fraction: 0.3, method: all, repeats: 2 }
        """;

    public PruneRun()
    {
        Runs = new TestRuns();
        Dir = Runs.Dir("prune");
        var node = YamlConfigReader.ReadText(Yaml, "prune.yaml");
        Assert.True(node.Success, node.Error);
        var (plan, errors) = PruneExperiment.Prepare(new PruneRequest { Config = node.Value, BaseDirectory = Runs.Root, OutDirectory = Dir, Threads = 1 });
        Assert.True(plan is not null, string.Join("\n", errors));
        Outcome = PruneExperiment.Run(plan!, new StopSignal());
        Assert.False(Outcome.Stopped);
    }

    public TestRuns Runs { get; }

    /// <summary>The experiment's folder (repeat 0's run trained once).</summary>
    public string Dir { get; }

    public PruneOutcome Outcome { get; }

    public void Dispose() => Runs.Dispose();
}
