using Stepwise.Analysis.Influence;
using Stepwise.Engine;
using Stepwise.Engine.Reference;
using Stepwise.Training;
using Stepwise.Training.Models;
using Stepwise.Training.Replay;

namespace Stepwise.Analysis.Tests.Influence;

/// <summary>
/// The transposed linearization of one real optimizer update (an update of a trained run, replayed) against central
/// finite differences of that update computed in float64 with the engine's reference optimizer: for random adjoints ū′
/// of the state after it and random directions (δθ, δm, δv, δe) of the state before it and of the gradient,
/// ⟨ū′, Φ′·δ⟩ by differences must equal ⟨θ̄, δθ⟩ + ⟨m̄, δm⟩ + ⟨v̄, δv⟩ + ⟨c, δe⟩ from the adjoint.
/// </summary>
public class OptimizerLinearizationTests
{
    private const string Blobs = """
        seed: 12
        data: { source: blobs, n: 260, features: 5, classes: 3, cluster_std: 2.0, splits: { val: 0.2 } }
        model: { kind: mlp, hidden: [7], activation: tanh, l2: 0.01 }
        batch: { size: 16, grad_accum: 2 }
        duration: { epochs: 4 }
        checkpoints: { every: 10 }
        """;

    public static TheoryData<string> Optimizers => new()
    {
        "{ kind: adamw, lr: 0.01, weight_decay: 0.05 }",
        "{ kind: sgd, lr: 0.05, momentum: 0.9, weight_decay: 0.01 }",
        "{ kind: sgd, lr: 0.05, momentum: 0.9, nesterov: true, weight_decay: 0.01 }",
        "{ kind: sgd, lr: 0.1, weight_decay: 0.01 }",
    };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void The_adjoint_of_one_real_update_is_the_transpose_of_its_finite_difference_linearization(string optimizer)
    {
        using var runs = new InfluenceRuns();
        string dir = runs.Train(Blobs + "\noptimizer: " + optimizer + "\n");
        var run = TrainingRun.Open(dir);
        var spec = run.Setup.Config.Optimizer;
        var curvature = ((ICurvatureModel)run.Model).CreateCurvature(CurvaturePrecision.Float64);
        int p = curvature.Dimension;
        // update t = 12 (an update with two micro-batches), and the state after t − 1 (the moments before t)
        var replay = new SegmentReplay(run, 10, ReplayCapture.Gradient | ReplayCapture.OptimizerState);
        ReplayedUpdate? u = null;
        double[] before = [];
        Assert.True(replay.WalkBackward(new StepWindow(11, 12), _ => { }, v =>
        {
            if (v.Update.Value == 12) u = v;
            else before = v.OptimizerStateAfter.ToArray().Select(x => (double)x).ToArray();
        }));
        Assert.NotNull(u);
        Assert.Equal(2, u.MicroBatchEnds.Length);
        double[] theta = u.Before.ToArray().Select(x => (double)x).ToArray();
        bool adam = spec.Kind == "adamw";
        int moments = before.Length / p;

        // Φ(θ, moments, e): one float64 update of the reference optimizer on the update's own rows and weights
        (double[] Theta, double[] Moments) Step(double[] th, double[] mo, double[] e)
        {
            curvature.SetParameters(th);
            double[] g = (double[])e.Clone();
            int start = 0;
            foreach (int end in u.MicroBatchEnds)
            {
                curvature.AddTrainGradient(u.Rows[start..end], u.GradientWeights[start..end], g);
                start = end;
            }
            curvature.AddRegularizer(th, g);
            double[] t2 = (double[])th.Clone(), m2 = (double[])mo.Clone();
            double lr = u.LearningRate;
            if (adam)
            {
                double k = u.OptimizerStepsBefore + 1;
                double b1 = (float)spec.Beta1, b2 = (float)spec.Beta2;
                AdamWReference<double>.Step(t2, g, m2.AsSpan(0, p), m2.AsSpan(p, p), lr, b1, b2, (float)spec.Eps, 1 - Math.Pow(b1, k), 1 - Math.Pow(b2, k), 1 - lr * (float)spec.WeightDecay);
            }
            else
            {
                SgdReference<double>.Step(t2, g, m2, lr, (float)spec.Momentum, (float)spec.WeightDecay, spec.Nesterov, u.OptimizerStepsBefore == 0);
            }
            return (t2, m2);
        }

        var rng = new Rng(77);
        double[] Random(int n) => Enumerable.Range(0, n).Select(_ => rng.NextGaussian()).ToArray();
        double[] barTheta = Random(p), barMoments = Random(before.Length);
        double[] dTheta = Random(p).Select((r, i) => 0.05 * r * (Math.Abs(theta[i]) + 0.1)).ToArray();
        // the second moment stays positive: perturb it relative to itself
        double[] dMoments = Random(before.Length).Select((r, i) => adam && i >= p ? 0.1 * r * before[i] : 0.05 * r * (Math.Abs(before[i]) + 1e-3)).ToArray();
        double[] dE = Random(p).Select(r => 1e-2 * r).ToArray();
        const double h = 1e-5;
        var plus = Step(Add(theta, dTheta, h), Add(before, dMoments, h), dE.Select(x => h * x).ToArray());
        var minus = Step(Add(theta, dTheta, -h), Add(before, dMoments, -h), dE.Select(x => -h * x).ToArray());
        double fd = 0;
        for (int i = 0; i < p; i++) fd += barTheta[i] * (plus.Theta[i] - minus.Theta[i]) / (2 * h);
        for (int i = 0; i < before.Length; i++) fd += barMoments[i] * (plus.Moments[i] - minus.Moments[i]) / (2 * h);

        var adjoint = OptimizerAdjoint.For(spec, p);
        Assert.Equal(1 + moments, adjoint.Buffers.Count);
        barTheta.CopyTo(adjoint.Buffers[0], 0);
        for (int k = 0; k < moments; k++) barMoments.AsSpan(k * p, p).CopyTo(adjoint.Buffers[1 + k]);
        double[] c = new double[p], dots = new double[64];
        adjoint.Combine(u, c);
        curvature.SetParameters(u.Before);
        curvature.SetDirection(c);
        int s = 0;
        foreach (int end in u.MicroBatchEnds)
        {
            curvature.MicroBatch(u.Rows[s..end], u.GradientWeights[s..end], dots, hessian: true);
            s = end;
        }
        curvature.AddHessianProduct(adjoint.Theta, regularizer: true);
        adjoint.Finish(u, c);
        double transposed = Dot(adjoint.Buffers[0], dTheta) + Dot(c, dE);
        for (int k = 0; k < moments; k++) transposed += Dot(adjoint.Buffers[1 + k], dMoments.AsSpan(k * p, p).ToArray());
        Assert.True(Math.Abs(transposed - fd) <= 1e-5 * Math.Abs(fd), $"{optimizer}: adjoint {transposed:R}, finite differences {fd:R}");
    }

    private static double[] Add(double[] x, double[] d, double h) => x.Zip(d, (a, b) => a + h * b).ToArray();

    private static double Dot(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum();
}
