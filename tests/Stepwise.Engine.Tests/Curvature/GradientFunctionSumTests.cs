using Stepwise.Engine.Curvature;
using Stepwise.Engine.Layers;
using Stepwise.Engine.Models;

namespace Stepwise.Engine.Tests.Curvature;

/// <summary>The loss of one update as a float64 gradient function: batch-loss terms with scales and multipliers, summed
/// with coupled weight decay. Gradients vs central differences of the value (h = 1e-5, ≤ 1e-6 relative per entry as in
/// the model gradient tests); the composite's gradient vs the accumulation a trainer makes (≤ 1e-12 relative).</summary>
public class GradientFunctionSumTests
{
    private static double WorstFiniteDifferenceError(IGradientFunction f, double[] theta)
    {
        double[] g = new double[f.Dimension], scratch = new double[f.Dimension];
        f.Evaluate(theta, g);
        const double h = 1e-5;
        double worst = 0;
        for (int i = 0; i < theta.Length; i++)
        {
            double keep = theta[i];
            theta[i] = keep + h;
            double up = f.Evaluate(theta, scratch);
            theta[i] = keep - h;
            double down = f.Evaluate(theta, scratch);
            theta[i] = keep;
            double fd = (up - down) / (2 * h);
            worst = Math.Max(worst, Math.Abs(g[i] - fd) / Math.Max(1e-8, Math.Abs(g[i]) + Math.Abs(fd)));
        }
        return worst;
    }

    private static (Mlp<double> Model, double[] X1, int[] Y1, double[] X2, int[] Y2) Setup()
    {
        var rng = new Rng(61);
        var model = new Mlp<double>(4, [5], 3, Activation.Tanh, l2: 0.05);
        model.Initialize(rng);
        double[] x1 = Enumerable.Range(0, 5 * 4).Select(_ => rng.NextGaussian()).ToArray(), x2 = Enumerable.Range(0, 3 * 4).Select(_ => rng.NextGaussian()).ToArray();
        return (model, x1, [0, 2, 1, 1, 0], x2, [2, 0, 1]);
    }

    [Fact]
    public void UpdateOfTwoMicroBatches_GradientMatchesFiniteDifferences_AndTheTrainersAccumulation()
    {
        var (model, x1, y1, x2, y2) = Setup();
        double[] m1 = [1, 0, 1, 1, 0.5];
        const double wd = 0.02;
        var f = new GradientFunctionSum(
            [new MlpBatchLoss(new Mlp<double>(4, [5], 3, Activation.Tanh, 0.05), x1, y1, 5, 0.5, m1), new MlpBatchLoss(new Mlp<double>(4, [5], 3, Activation.Tanh, 0.05), x2, y2, 3, 0.5)],
            weightDecay: wd);
        double[] theta = (double[])model.Params.Clone();
        Assert.True(WorstFiniteDifferenceError(f, theta) <= 1e-6);

        // what an update with coupled weight decay applies: Σ over micro-batches of scale·∇, then + wd·θ (Sgd)
        model.ZeroGrad();
        model.Forward(x1, y1, 5);
        model.Backward(0.5, m1);
        double first = 0.5 * (model.SampleLosses.ToArray().Select((l, i) => m1[i] * l / 5).Sum() + model.L2Term());
        double second = 0.5 * model.Forward(x2, y2, 3);
        model.Backward(0.5);
        double[] expected = model.Grads.Select((g, i) => g + wd * theta[i]).ToArray();
        double[] actual = new double[f.Dimension];
        double value = f.Evaluate(theta, actual);
        double scale = expected.Max(Math.Abs);
        Assert.True(expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max() <= 1e-12 * scale);
        Assert.Equal(first + second + 0.5 * wd * theta.Sum(t => t * t), value, 1e-12);
    }

    [Fact]
    public void TinyGptTerm_WithScaleAndMultipliers_GradientMatchesFiniteDifferences()
    {
        var rng = new Rng(62);
        var cfg = new TinyGptConfig(Vocab: 5, Context: 4, Layers: 1, Heads: 2, Channels: 4, TieWeights: false);
        var model = new TinyGpt<double>(cfg);
        model.Initialize(rng);
        for (int i = 0; i < model.Params.Length; i++) model.Params[i] += rng.NextGaussian() * 0.3;
        var term = new TinyGptBatchLoss(model, [1, 2, 3, 0, 4, 4, 1, 2, 0, 3, 3, 1], [2, 3, -1, 1, 4, 1, 2, 0, 3, -1, 1, 2], 3, 4, scale: 2.0, multipliers: [1, 0, 0.5]);
        var f = new GradientFunctionSum([term], weightDecay: 0.1);
        Assert.True(WorstFiniteDifferenceError(f, (double[])model.Params.Clone()) <= 1e-5);
    }

    [Fact]
    public void Terms_MustBeThereAndAgree_AndWeightDecayNonNegative()
    {
        var (model, x1, y1, _, _) = Setup();
        var term = new MlpBatchLoss(model, x1, y1, 5);
        var other = new MlpBatchLoss(new Mlp<double>(4, [6], 3), x1, y1, 5);
        Assert.Throws<ArgumentException>(() => new GradientFunctionSum([]));
        Assert.Throws<ArgumentException>(() => new GradientFunctionSum([term, other]));
        Assert.Throws<ArgumentException>(() => new GradientFunctionSum([term], weightDecay: -1));
        Assert.Throws<ArgumentException>(() => new MlpBatchLoss(model, x1, y1, 5, multipliers: [1, 1]));
    }
}
