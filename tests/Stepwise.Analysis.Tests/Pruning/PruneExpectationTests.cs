using Stepwise.Analysis.Pruning;

namespace Stepwise.Analysis.Tests.Pruning;

/// <summary>Issue 17's expectation, on a smaller copy of seed 000's setup: in TIM's best stage by noise recall, the
/// pruned samples hold at least 1.5× the flipped labels random pruning does, and retraining without them is at least as
/// accurate on the test split as retraining without random ones. Deterministic: the same seed gives the same numbers.</summary>
public sealed class PruneExpectationTests : IDisposable
{
    private readonly PruneRuns _runs = new();

    public void Dispose() => _runs.Dispose();

    private static void AssertExpectation(PruneResults results)
    {
        var best = results.Best.Single(b => b.Method == PruneMethod.Tim && b.Metric == "noise_recall");
        var random = results.Aggregate(PruneMethod.Random)!;
        var tim = results.Aggregate(PruneMethod.Tim, best.Stage)!;
        Assert.True(tim.NoiseRecall!.Mean >= 1.5 * random.NoiseRecall!.Mean,
            $"TIM's best stage {best.Stage} recalls {tim.NoiseRecall.Mean:F3} of the flipped labels, random pruning {random.NoiseRecall.Mean:F3}");
        Assert.True(tim.TestAccuracy.Mean >= random.TestAccuracy.Mean,
            $"TIM's best stage {best.Stage} retrains to test accuracy {tim.TestAccuracy.Mean:F4}, random pruning to {random.TestAccuracy.Mean:F4}");
    }

    [Fact]
    public void Tim_finds_far_more_flipped_labels_than_random_pruning_and_retrains_at_least_as_accurately()
    {
        var results = _runs.Run(PruneRuns.Small, "small").Results;
        Assert.Equal(3, results.Trained.Windows.Count);
        AssertExpectation(results);
        // random pruning finds flipped labels at their rate, the oracle all of them
        Assert.InRange(results.Aggregate(PruneMethod.Random)!.NoiseRecall!.Mean, 0.2, 0.4);
        Assert.Equal(1.0, results.Aggregate(PruneMethod.Oracle)!.NoiseRecall!.Mean);
    }

    [FullFact]
    public void The_seed000_example_meets_the_expectation_over_every_method()
    {
        string example = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "examples", "seed000-pruning.yaml");
        var results = _runs.Run(File.ReadAllText(example), "seed000").Results;
        Assert.Equal(5, results.Trained.Windows.Count);
        Assert.Equal(630, results.Trained.TotalSteps);
        Assert.Equal(44, results.Retrained.StepsPerEpoch);
        AssertExpectation(results);
    }
}
