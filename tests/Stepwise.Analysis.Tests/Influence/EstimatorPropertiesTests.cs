using Stepwise.Analysis.Influence;
using Stepwise.Engine.Kernels;
using Stepwise.Training;
using Stepwise.Training.Models;

namespace Stepwise.Analysis.Tests.Influence;

/// <summary>What the estimate must be whatever the arithmetic: exactly 0 outside the window, bitwise the same for any
/// thread count and any segment length K, float32 products within rounding of float64 ones.</summary>
public class EstimatorPropertiesTests
{
    private static WindowInfluence Estimate(string dir, StepWindow window, InfluenceOptions options) =>
        new InfluenceEstimator(TrainingRun.Open(dir), options).Estimate([window])![0];

    [Fact]
    public void A_sample_in_no_update_of_the_window_scores_exactly_zero()
    {
        using var runs = new InfluenceRuns();
        string dir = runs.Train(LeaveOneOutAgreementTests.LogregSgd);
        var w = Estimate(dir, new StepWindow(40, 42), new InfluenceOptions());
        int inWindow = w.Occurrences.Count(o => o > 0);
        Assert.Equal(3 * 16, inWindow);               // three updates of 16 distinct rows, inside one epoch
        for (int j = 0; j < w.Scores.Count; j++)
        {
            if (w.Occurrences[j] == 0) Assert.Equal(0.0, w.Scores[j]);
            else Assert.NotEqual(0.0, w.Scores[j]);
        }
    }

    [Fact]
    public void Scores_are_bitwise_the_same_for_one_and_two_threads_and_for_any_segment_length()
    {
        using var runs = new InfluenceRuns();
        string dir = runs.Train(LeaveOneOutAgreementTests.MlpNesterov);
        var window = new StepWindow(25, 61);
        int threads = EngineThreads.Count;
        try
        {
            EngineThreads.Count = 1;
            var one = Estimate(dir, window, new InfluenceOptions { Segment = 5 });
            EngineThreads.Count = 2;
            var two = Estimate(dir, window, new InfluenceOptions { Segment = 5 });
            Assert.Equal(one.Scores, two.Scores);
            foreach (long k in new long[] { 1, 7, 37, 200 })
            {
                var other = Estimate(dir, window, new InfluenceOptions { Segment = k });
                Assert.Equal(one.Scores, other.Scores);
                Assert.Equal(one.Occurrences, other.Occurrences);
            }
        }
        finally
        {
            EngineThreads.Count = threads;
        }
    }

    [Fact]
    public void Float32_products_agree_with_float64_ones_and_both_with_the_end_measurement_sweep()
    {
        using var runs = new InfluenceRuns();
        string dir = runs.Train(LeaveOneOutAgreementTests.LogregAdamW);
        var window = new StepWindow(30, 59);
        var f64 = Estimate(dir, window, new InfluenceOptions { Precision = CurvaturePrecision.Float64 });
        var f32 = Estimate(dir, window, new InfluenceOptions { Precision = CurvaturePrecision.Float32 });
        double scale = f64.Scores.Max(Math.Abs);
        for (int j = 0; j < f64.Scores.Count; j++) Assert.True(Math.Abs(f64.Scores[j] - f32.Scores[j]) <= 1e-4 * scale, $"sample {j}: {f64.Scores[j]} vs {f32.Scores[j]}");
        Assert.Equal(f64.QueryLoss, f32.QueryLoss, 1e-5);
    }

    [Fact]
    public void One_sweep_to_the_end_scores_every_window_as_separate_sweeps_do()
    {
        using var runs = new InfluenceRuns();
        string dir = runs.Train(LeaveOneOutAgreementTests.LogregMomentum);
        var options = new InfluenceOptions { MeasureAt = MeasureAt.End, Precision = CurvaturePrecision.Float64 };
        StepWindow[] windows = [new(0, 29), new(30, 59), new(50, 89)];
        var together = new InfluenceEstimator(TrainingRun.Open(dir), options).Estimate(windows)!;
        for (int k = 0; k < windows.Length; k++)
        {
            var alone = Estimate(dir, windows[k], options);
            Assert.Equal(windows[k], together[k].Window);
            Assert.Equal(alone.Occurrences, together[k].Occurrences);
            for (int j = 0; j < alone.Scores.Count; j++) Assert.Equal(alone.Scores[j], together[k].Scores[j], 1e-12 * (1 + Math.Abs(alone.Scores[j])));
        }
    }
}

/// <summary>The replay path (replayed update, adjoint step, per-sample dots and Hessian-vector products) allocates
/// nothing per update: a window four times longer, replayed from the same checkpoint in one segment, allocates the same.</summary>
public class ReplayAllocationTests
{
    [Fact]
    public void The_replay_and_adjoint_path_allocates_nothing_per_update()
    {
        using var runs = new InfluenceRuns();
        string dir = runs.Train(LeaveOneOutAgreementTests.LogregAdamW);   // checkpoints every 25
        var run = TrainingRun.Open(dir);
        var curvature = ((ICurvatureModel)run.Model).CreateCurvature(CurvaturePrecision.Float32);
        var adjoint = OptimizerAdjoint.For(run.Setup.Config.Optimizer, curvature.Dimension);
        var replay = new Stepwise.Training.Replay.SegmentReplay(run, 100, adjoint.Capture);
        long Allocated(StepWindow window)
        {
            var sweep = new AdjointSweep(curvature, adjoint, window.Start, run.Sampler.MaxBatch, [(window, new double[240], new int[240])]);
            var done = new List<(StepWindow, double[], int[])>(4);
            long before = GC.GetAllocatedBytesForCurrentThread();
            Assert.True(replay.WalkBackward(window, _ => { }, u => sweep.Visit(u, done)));
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Allocated(new StepWindow(25, 34));                    // warm-up: buffers sized, code compiled
        long shortWindow = Allocated(new StepWindow(25, 34));
        long longWindow = Allocated(new StepWindow(25, 64));
        Assert.True(longWindow - shortWindow < 4096, $"10 updates: {shortWindow} B, 40 updates: {longWindow} B");
    }
}
