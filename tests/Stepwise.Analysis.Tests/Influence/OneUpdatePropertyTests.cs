using FsCheck;
using FsCheck.Fluent;
using Stepwise.Analysis.Influence;
using Stepwise.Engine.Models;
using Stepwise.Training;
using Stepwise.Training.Loop;
using Stepwise.Training.Models;

namespace Stepwise.Analysis.Tests.Influence;

/// <summary>For a window of one SGD update the adjoint recursion has nothing to propagate: the estimate is the exact
/// first-order term η·w·⟨∇L_query(θ_{t+1}), ∇ℓ_j(θ_t)⟩, computed here independently with a float64 copy of the
/// network (a backward pass over the query split, one per sample).</summary>
public class OneUpdatePropertyTests
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
    public void A_one_update_window_scores_the_first_order_term_to_rounding()
    {
        using var runs = new InfluenceRuns();
        string dir = runs.Train(LeaveOneOutAgreementTests.LogregSgd);
        var opened = TrainingRun.Open(dir);
        var data = opened.Setup.Data.Tabular!;
        var trained = ((TabularTrainModel)opened.Model).Mlp;
        var net = new Mlp<double>(trained.Inputs, [], trained.Classes, trained.Activation, 0.0); // data loss only
        var estimator = new InfluenceEstimator(opened, new InfluenceOptions { Precision = CurvaturePrecision.Float64 });
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

        Prop.ForAll(Gen.Choose(0, (int)total - 2).ToArbitrary(), Gen.Choose(0, 15).ToArbitrary(), (t, pick) =>
        {
            var window = new StepWindow(t, t);
            var influence = estimator.Estimate([window])![0];
            var run = TrainingRun.Open(dir).Initial();
            run.ReplayTo(new Step(t));
            float[] before = (float[])run.Model.Params.Clone();
            var capture = new Capture();
            run.Update([capture]);
            float[] after = run.Model.Params;
            var val = data["val"];
            double[] query = Gradient(after, val, Enumerable.Range(0, val.Count).ToArray());
            long j = capture.Rows[pick];
            double[] sample = Gradient(before, data["train"], [(int)j]);
            double expected = (double)capture.Lr * capture.Weights[pick] * query.Zip(sample, (a, b) => a * b).Sum();
            double got = influence.Scores[(int)j];
            return Math.Abs(got - expected) <= 1e-10 * Math.Abs(expected) + 1e-18
                && influence.Occurrences[(int)j] == 1
                && influence.Occurrences.Sum() == capture.Rows.Length;
        }).Check(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(30));
    }
}
