using Stepwise.Analysis.Dynamics;
using Stepwise.Analysis.Dynamics.Statistics;

namespace Stepwise.Analysis.Tests.Dynamics;

/// <summary>The analyses on constructed measurements whose answers are known.</summary>
public class AnalysisTests
{
    private static PassageMeasurement P(int index, bool trained, double accuracy, double c0, double c1 = 0) =>
        new(index, trained, 100, accuracy, accuracy >= 0.6, [accuracy, accuracy, accuracy], accuracy, accuracy == 1, 1.0, Math.E, [c0, c1], [c0 / 2, c1 / 2]);

    /// <summary>4 trained passages (indices 0, 2, 4, 6) and 4 novel; trained ones compress by +1 more at layer 0.</summary>
    private static EpochMeasurement Epoch(long epoch, double[] accuracy)
    {
        var list = new List<PassageMeasurement>();
        for (int i = 0; i < 4; i++) list.Add(P(2 * i, true, accuracy[i], 1 + i * 0.1 + epoch, epoch * i));
        for (int i = 0; i < 4; i++) list.Add(P(2 * i + 1, false, 0.1, i * 0.1 + epoch, epoch * (3 - i)));
        return new EpochMeasurement(epoch, epoch * 10, list, "t");
    }

    private static DynamicsReport Report() => DynamicsAnalysis.Analyze(
    [
        Epoch(1, [0.1, 0.2, 0.7, 0.1]),
        Epoch(2, [0.6, 0.2, 0.9, 0.1]),
        Epoch(4, [1.0, 0.65, 1.0, 0.3]),
    ]);

    [Fact]
    public void Onset_FirstScheduledEpochMemorized_OrNever()
    {
        var onset = Report().Onset;
        Assert.Equal([0, 2, 4, 6], onset.Passages.Select(p => p.Index));
        Assert.Equal([2L, 4, 1, null], onset.Passages.Select(p => p.Onset));
        Assert.Equal([4L, null, 4, null], onset.Passages.Select(p => p.ExactOnset));
        Assert.Equal(3, onset.Memorized);
        Assert.Equal(1, onset.Never);
        Assert.Equal(7.0 / 3, onset.MeanOnset!.Value, 12);
        Assert.Equal(2, onset.MedianOnset);
    }

    [Fact]
    public void Heatmap_IsTrainedMinusNovelMean_AndTheMembershipTestIsThePointBiserial()
    {
        var r = Report();
        // layer 0: trained means (1 + 0.15 + e), novel (0.15 + e): difference 1 at every epoch
        Assert.All(r.Heatmaps[CompressionScore.Absolute][0], d => Assert.Equal(1, d, 12));
        Assert.All(r.Heatmaps[CompressionScore.ScaleFree][0], d => Assert.Equal(0.5, d, 12));
        var test = r.Membership[CompressionScore.Absolute].First(t => t.Layer == 0 && t.Epoch == 2);
        var direct = Correlations.PointBiserial([true, true, true, true, false, false, false, false], [3, 3.1, 3.2, 3.3, 2, 2.1, 2.2, 2.3]);
        Assert.Equal(direct.R!.Value, test.Correlation.R!.Value, 12);
        Assert.Equal(1, test.Effect.Difference!.Value, 12);
        // BH over the family: 2 layers × 3 epochs = 6 tests
        var family = r.Membership[CompressionScore.Absolute];
        Assert.Equal(6, family.Count);
        var q = FalseDiscovery.BenjaminiHochberg(family.Select(t => t.Correlation.PValue).ToList());
        Assert.Equal(q, family.Select(t => t.QValue));
    }

    [Fact]
    public void Summary_RatesOverEachGroupsOwnPassages_AndPrecisionRecallAgainstTheLastEpoch()
    {
        var r = Report();
        var s = r.Summaries[1]; // epoch 2: trained 0 and 4 memorized; at epoch 4: 0, 2, 4
        Assert.Equal(2, s.NumMemorized);
        Assert.Equal(0.5, s.MemorizationRate);
        Assert.Equal(0, s.NovelMemorizationRate);
        Assert.Equal(1.0, s.PrecisionVsFinal);
        Assert.Equal(2.0 / 3, s.RecallVsFinal!.Value, 12);
    }

    [Fact]
    public void Trajectory_FitsTrainedMeansAgainstEpochAndLogEpoch()
    {
        var r = Report();
        var fit = r.Trajectories.First(t => t.Layer == 0 && t.Score == CompressionScore.Absolute && t.Axis == "epoch");
        Assert.Equal([2.15, 3.15, 5.15], fit.Means.Select(m => Math.Round(m, 10)));
        Assert.Equal(TrajectoryShape.Increasing, fit.Fit.Shape);
        Assert.Equal(1, Math.Round(fit.Fit.LineSlope!.Value, 10));
        var velocity = r.Velocities.First(v => v.Layer == 0 && v.Score == CompressionScore.Absolute);
        Assert.Equal([1.0, 1.0], velocity.First.Select(v => Math.Round(v, 10)));
        Assert.Equal([0.0], velocity.Second.Select(v => Math.Round(v, 10)));
    }

    [Fact]
    public void Analyze_EpochsOverDifferentPassages_Throws()
    {
        var other = Epoch(2, [0.1, 0.1, 0.1, 0.1]) with { Passages = Epoch(2, [0.1, 0.1, 0.1, 0.1]).Passages.Skip(1).ToList() };
        Assert.Throws<ArgumentException>(() => DynamicsAnalysis.Analyze([Epoch(1, [0.1, 0.1, 0.1, 0.1]), other]));
    }
}
