using Stepwise.Engine.Curvature;
using Stepwise.Engine.Layers;
using Stepwise.Engine.Models;

namespace Stepwise.Engine.Tests.Curvature;

/// <summary>
/// H·v against a dense Hessian built independently from second differences of the loss alone
/// (H_ij ≈ [f(θ+aeᵢ+aeⱼ) − f(θ+aeᵢ−aeⱼ) − f(θ−aeᵢ+aeⱼ) + f(θ−aeᵢ−aeⱼ)] / 4a², a = 1e-4).
/// Bound: ‖Hv − H_dense·v‖ / ‖H_dense·v‖ ≤ 1e-4, for ‖v‖ = 1 and ‖v‖ = 1e-4.
/// </summary>
public class HessianVectorProductTests
{
    private static double[,] DenseHessian(IGradientFunction f, double[] theta)
    {
        int n = f.Dimension;
        var h = new double[n, n];
        var g = new double[n];
        const double a = 1e-4;
        double F(int i, double si, int j, double sj)
        {
            double[] p = (double[])theta.Clone();
            p[i] += si * a;
            p[j] += sj * a;
            return f.Evaluate(p, g);
        }
        for (int i = 0; i < n; i++)
        {
            for (int j = i; j < n; j++)
            {
                double v = (F(i, 1, j, 1) - F(i, 1, j, -1) - F(i, -1, j, 1) + F(i, -1, j, -1)) / (4 * a * a);
                h[i, j] = h[j, i] = v;
            }
        }
        return h;
    }

    private static void Check(IGradientFunction f, double[] theta, Rng rng)
    {
        var dense = DenseHessian(f, theta);
        int n = f.Dimension;
        foreach (double scale in new[] { 1.0, 1e-4 })
        {
            double[] v = Enumerable.Range(0, n).Select(_ => rng.NextGaussian()).ToArray();
            double norm = Math.Sqrt(v.Sum(x => x * x));
            for (int i = 0; i < n; i++) v[i] *= scale / norm;
            double[] expected = new double[n];
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) expected[i] += dense[i, j] * v[j];
            double[] got = new double[n];
            HessianVectorProduct.Compute(f, theta, v, got);
            double err = Math.Sqrt(got.Zip(expected, (p, q) => (p - q) * (p - q)).Sum());
            double size = Math.Sqrt(expected.Sum(x => x * x));
            Assert.True(err / size <= 1e-4, $"‖v‖ = {scale}: relative error {err / size:E2}");
        }
    }

    [Theory]
    [InlineData(new int[0], Activation.Identity, 0.1)]
    [InlineData(new[] { 4 }, Activation.Tanh, 0.0)]
    [InlineData(new[] { 3 }, Activation.Gelu, 0.01)]
    public void Mlp_HvpMatchesDenseHessian(int[] hidden, Activation act, double l2)
    {
        var rng = new Rng(5);
        var model = new Mlp<double>(3, hidden, 3, act, l2);
        model.Initialize(rng);
        double[] x = Enumerable.Range(0, 4 * 3).Select(_ => rng.NextGaussian()).ToArray();
        int[] y = [0, 1, 2, 1];
        var f = new MlpBatchLoss(model, x, y, 4);
        Check(f, (double[])model.Params.Clone(), rng);
    }

    [Fact]
    public void TinyGpt_HvpMatchesDenseHessian()
    {
        var rng = new Rng(8);
        var cfg = new TinyGptConfig(Vocab: 4, Context: 3, Layers: 1, Heads: 1, Channels: 2);
        var model = new TinyGpt<double>(cfg);
        model.Initialize(rng);
        for (int i = 0; i < model.Params.Length; i++) model.Params[i] += rng.NextGaussian() * 0.3;
        var f = new TinyGptBatchLoss(model, [1, 2, 3, 0, 1, 2], [2, 3, 0, 1, 2, 3], 2, 3);
        Check(f, (double[])model.Params.Clone(), rng);
    }

    [Fact]
    public void ZeroVector_GivesZero()
    {
        var model = new Mlp<double>(2, [], 2);
        model.Initialize(new Rng(1));
        var f = new MlpBatchLoss(model, [1, 2], [1], 1);
        double[] r = new double[f.Dimension];
        Array.Fill(r, 7.0);
        HessianVectorProduct.Compute(f, (double[])model.Params.Clone(), new double[f.Dimension], r);
        Assert.All(r, x => Assert.Equal(0.0, x));
    }

    [Fact]
    public void UpdateLoss_OfTwoScaledMicroBatchesWithMultipliersAndWeightDecay_HvpMatchesDenseHessian()
    {
        var rng = new Rng(12);
        var a = new Mlp<double>(3, [3], 3, Activation.Tanh, 0.05);
        a.Initialize(rng);
        var b = new Mlp<double>(3, [3], 3, Activation.Tanh, 0.05);
        double[] x1 = Enumerable.Range(0, 4 * 3).Select(_ => rng.NextGaussian()).ToArray(), x2 = Enumerable.Range(0, 3 * 3).Select(_ => rng.NextGaussian()).ToArray();
        var f = new GradientFunctionSum([new MlpBatchLoss(a, x1, [0, 1, 2, 1], 4, 0.5, [1, 0, 1, 2]), new MlpBatchLoss(b, x2, [2, 2, 0], 3, 0.5)], weightDecay: 0.3);
        Check(f, (double[])a.Params.Clone(), rng);
    }
}
