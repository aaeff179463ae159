using Stepwise.Analysis.Pruning;

namespace Stepwise.Analysis.Tests.Pruning;

/// <summary>Means and spreads over repeats, and the best stage against the spread.</summary>
public class PruneSummaryTests
{
    private static PruneAggregate Stage(int stage, params double[] accuracy) => new()
    {
        Method = PruneMethod.Tim, Stage = stage, TestAccuracy = MeanStd.Of(accuracy.Select(a => (double?)a))!, TestLoss = MeanStd.Of([1.0])!,
    };

    [Fact]
    public void Mean_and_sample_standard_deviation_skip_missing_values()
    {
        var m = MeanStd.Of([1.0, null, 3.0])!;
        Assert.Equal((2.0, 2), (m.Mean, m.N));
        Assert.Equal(Math.Sqrt(2), m.Std!.Value, 12);
        Assert.Null(MeanStd.Of([5.0])!.Std);
        Assert.Null(MeanStd.Of([null]));
    }

    [Fact]
    public void The_best_stage_is_separated_only_when_the_gap_exceeds_the_larger_spread()
    {
        var clear = BestStage.Of(PruneMethod.Tim, "test_accuracy", [Stage(1, 0.80, 0.82), Stage(2, 0.90, 0.91), Stage(3, 0.70, 0.72)], a => a.TestAccuracy)!;
        Assert.Equal((2, 1), (clear.Stage, clear.RunnerUp!.Value));
        Assert.True(clear.Separated);
        Assert.Equal(0.095, clear.Gap!.Value, 12);
        var close = BestStage.Of(PruneMethod.Tim, "test_accuracy", [Stage(1, 0.80, 0.90), Stage(2, 0.86, 0.85)], a => a.TestAccuracy)!;
        Assert.Equal(2, close.Stage); // 0.855 against 0.85 ± 0.07
        Assert.False(close.Separated);
        var single = BestStage.Of(PruneMethod.Tim, "test_accuracy", [Stage(1, 0.8), Stage(2, 0.9)], a => a.TestAccuracy)!;
        Assert.Equal(2, single.Stage);
        Assert.Null(single.Separated);
        Assert.Null(single.Spread);
        // equal means (but for float rounding) are a tie: the earlier stage
        var tie = BestStage.Of(PruneMethod.Tim, "test_accuracy", [Stage(1, 0.1 + 0.2), Stage(2, 0.3)], a => a.TestAccuracy)!;
        Assert.Equal(1, tie.Stage);
        Assert.Null(BestStage.Of(PruneMethod.TracIn, "test_accuracy", [Stage(1, 0.8)], a => a.TestAccuracy));
    }
}
