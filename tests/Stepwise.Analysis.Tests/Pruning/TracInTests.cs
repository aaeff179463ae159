using FsCheck;
using FsCheck.Fluent;
using Stepwise.Analysis.Influence;
using Stepwise.Analysis.Tests.Influence;
using Stepwise.Engine.Models;
using Stepwise.Training;
using Stepwise.Training.Loop;
using Stepwise.Training.Models;

namespace Stepwise.Analysis.Tests.Pruning;

/// <summary>TracIn over a window is Σ_t η_t·w·⟨∇L_query(θ_t), ∇ℓ_j(θ_t)⟩ over every occurrence of j in the window's
/// updates (no propagation, whatever the optimizer), computed here independently by replaying the run update by update
/// with a float64 copy of the network (a backward pass over the query split and one per occurrence).</summary>
public class TracInTests
{
    private sealed class Capture : IUpdateHook
    {
        public long[] Rows = [];
        public float[] Weights = [];
        public float Lr;

        public void AfterUpdate(in UpdateRecord u)
        {
            Rows = u.Rows.ToArray();
            Weights = u.GradientWeights.ToArray();
            Lr = u.LearningRate;
        }
    }

    [Fact]
    public void A_window_scores_the_sum_of_its_updates_first_order_terms_with_the_query_at_each_state()
    {
        using var runs = new InfluenceRuns();
        string dir = runs.Train(LeaveOneOutAgreementTests.MlpNesterov); // momentum and weight decay: TracIn ignores both
        var opened = TrainingRun.Open(dir);
        var data = opened.Setup.Data.Tabular!;
        var trained = ((TabularTrainModel)opened.Model).Mlp;
        var net = new Mlp<double>(trained.Inputs, [.. trained.Sizes.Skip(1).SkipLast(1)], trained.Classes, trained.Activation, 0.0);
        var estimator = new InfluenceEstimator(opened, new InfluenceOptions { Method = InfluenceMethod.TracIn, Precision = CurvaturePrecision.Float64 });
        long total = opened.Setup.TotalSteps;

        double[] Gradient(float[] theta, Stepwise.Training.Data.TabularDataset split, ReadOnlySpan<int> rows)
        {
            for (int i = 0; i < theta.Length; i++) net.Params[i] = theta[i];
            double[] x = new double[rows.Length * split.Features];
            int[] y = new int[rows.Length];
            for (int i = 0; i < rows.Length; i++)
            {
                for (int d = 0; d < split.Features; d++) x[i * split.Features + d] = split.X[rows[i] * split.Features + d];
                y[i] = split.Y[rows[i]];
            }
            net.Forward(x, y, rows.Length);
            net.Backward(1.0, ReadOnlySpan<double>.Empty, GradientWrite.Overwrite);
            return (double[])net.Grads.Clone();
        }

        var val = data["val"];
        int[] queryRows = Enumerable.Range(0, val.Count).ToArray();
        Prop.ForAll(Gen.Choose(0, (int)total - 8).ToArbitrary(), Gen.Choose(1, 6).ToArbitrary(), (start, length) =>
        {
            var window = new StepWindow(start, start + length - 1);
            var influence = estimator.Estimate([window])![0];
            var expected = new double[influence.Scores.Count];
            var reads = new int[influence.Scores.Count];
            var run = TrainingRun.Open(dir).Initial();
            run.ReplayTo(new Step(start));
            for (long t = window.Start; t <= window.End; t++)
            {
                float[] before = (float[])run.Model.Params.Clone();
                var capture = new Capture();
                run.Update([capture]);
                double[] query = Gradient(before, val, queryRows);
                for (int i = 0; i < capture.Rows.Length; i++)
                {
                    long j = capture.Rows[i];
                    double[] sample = Gradient(before, data["train"], [(int)j]);
                    expected[j] += (double)capture.Lr * capture.Weights[i] * query.Zip(sample, (a, b) => a * b).Sum();
                    reads[j]++;
                }
            }
            double largest = expected.Max(Math.Abs);
            return Enumerable.Range(0, expected.Length).All(j =>
                    Math.Abs(influence.Scores[j] - expected[j]) <= 1e-9 * largest
                    && influence.Occurrences[j] == reads[j]
                    && (reads[j] > 0 || influence.Scores[j] == 0))
                && influence.MeasuredAt == window.LastState;
        }).Check(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(12));
    }

    [Fact]
    public void TracIn_is_refused_a_measurement_at_the_end_and_gives_the_same_scores_for_every_segment_length()
    {
        using var runs = new InfluenceRuns();
        string dir = runs.Train(LeaveOneOutAgreementTests.LogregMomentum);
        var run = TrainingRun.Open(dir);
        var e = Assert.Throws<RunInputException>(() => new InfluenceEstimator(run, new InfluenceOptions { Method = InfluenceMethod.TracIn, MeasureAt = MeasureAt.End }));
        Assert.Contains("--measure-at end", e.Message, StringComparison.Ordinal);
        var window = new StepWindow(20, 44);
        double[] Scores(long k) => [.. new InfluenceEstimator(run, new InfluenceOptions { Method = InfluenceMethod.TracIn, Segment = k }).Estimate([window])![0].Scores];
        var one = Scores(1);
        Assert.Equal(one, Scores(7));
        Assert.Equal(one, Scores(25));
        // TIM over the same window differs: it propagates through the window's later updates
        var tim = new InfluenceEstimator(run, new InfluenceOptions()).Estimate([window])![0].Scores;
        Assert.NotEqual(one, tim);
    }
}
