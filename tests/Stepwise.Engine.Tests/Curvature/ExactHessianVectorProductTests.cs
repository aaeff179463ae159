using Stepwise.Engine.Curvature;
using Stepwise.Engine.Layers;
using Stepwise.Engine.Models;

namespace Stepwise.Engine.Tests.Curvature;

/// <summary>
/// The exact Hessian-vector product (R-operator, <see cref="Mlp{T}.CurvatureProduct"/>) against a dense Hessian built
/// independently from second differences of the loss value alone, and against central differences of the analytic
/// gradient; its per-row directional derivatives against <see cref="Mlp{T}.PerSampleDot"/>; float32 against float64.
/// </summary>
public class ExactHessianVectorProductTests
{
    private static double[,] DenseHessianFromValues(IGradientFunction f, double[] theta)
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

    private static (MlpBatchCurvature F, double[] Theta) Problem(int[] hidden, Activation act, double l2, bool multipliers, int seed, double scale = 0.5)
    {
        var rng = new Rng((ulong)seed);
        const int D = 3, C = 3, B = 5;
        var model = new Mlp<double>(D, hidden, C, act, l2);
        model.Initialize(rng);
        for (int i = 0; i < model.Params.Length; i++) model.Params[i] += 0.3 * rng.NextGaussian();
        double[] x = Enumerable.Range(0, B * D).Select(_ => rng.NextGaussian()).ToArray();
        int[] y = [0, 1, 2, 1, 0];
        double[]? m = multipliers ? [1, 0, 2.5, 1, 0.5] : null;
        return (new MlpBatchCurvature(model, x, y, B, scale, m), (double[])model.Params.Clone());
    }

    private static double RelativeError(double[] got, double[] expected)
    {
        double err = Math.Sqrt(got.Zip(expected, (p, q) => (p - q) * (p - q)).Sum());
        return err / Math.Sqrt(expected.Sum(x => x * x));
    }

    [Theory]
    [InlineData(new int[0], Activation.Identity, 0.1, false)]
    [InlineData(new[] { 4 }, Activation.Relu, 0.0, true)]
    [InlineData(new[] { 4 }, Activation.Tanh, 0.05, true)]
    [InlineData(new[] { 3, 4 }, Activation.Gelu, 0.01, false)]
    [InlineData(new[] { 4, 3 }, Activation.Relu, 0.2, true)]
    public void Matches_a_dense_Hessian_of_second_differences_for_tiny_and_unit_directions(int[] hidden, Activation act, double l2, bool multipliers)
    {
        var (f, theta) = Problem(hidden, act, l2, multipliers, 11);
        var dense = DenseHessianFromValues(f, theta);
        int n = f.Dimension;
        var rng = new Rng(3);
        foreach (double size in new[] { 1.0, 1e-4 })
        {
            double[] v = Enumerable.Range(0, n).Select(_ => rng.NextGaussian()).ToArray();
            double norm = Math.Sqrt(v.Sum(x => x * x));
            for (int i = 0; i < n; i++) v[i] *= size / norm;
            double[] expected = new double[n];
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) expected[i] += dense[i, j] * v[j];
            double[] got = new double[n];
            f.HessianVector(theta, v, got);
            Assert.True(RelativeError(got, expected) <= 1e-5, $"‖v‖ = {size}: relative error {RelativeError(got, expected):E2}");
        }
    }

    [Theory]
    [InlineData(new int[0], Activation.Identity, 0.3)]
    [InlineData(new[] { 5 }, Activation.Relu, 0.1)]
    [InlineData(new[] { 5 }, Activation.Tanh, 0.0)]
    [InlineData(new[] { 4, 4 }, Activation.Gelu, 0.02)]
    public void Is_symmetric_and_matches_central_differences_of_the_analytic_gradient_to_1e_8(int[] hidden, Activation act, double l2)
    {
        var (f, theta) = Problem(hidden, act, l2, multipliers: true, 29);
        int n = f.Dimension;
        var columns = new double[n][];
        for (int j = 0; j < n; j++)
        {
            double[] e = new double[n];
            e[j] = 1;
            columns[j] = new double[n];
            f.HessianVector(theta, e, columns[j]);
        }
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < i; j++) Assert.Equal(columns[j][i], columns[i][j], 1e-12 * (1 + Math.Abs(columns[i][j])));
        }
        var rng = new Rng(4);
        double[] v = Enumerable.Range(0, n).Select(_ => rng.NextGaussian()).ToArray();
        double[] exact = new double[n];
        f.HessianVector(theta, v, exact);
        const double h = 1e-5;
        double[] plus = new double[n], minus = new double[n];
        f.Evaluate(theta.Zip(v, (t, d) => t + h * d).ToArray(), plus);
        f.Evaluate(theta.Zip(v, (t, d) => t - h * d).ToArray(), minus);
        double[] fd = plus.Zip(minus, (p, q) => (p - q) / (2 * h)).ToArray();
        Assert.True(RelativeError(exact, fd) <= 1e-8, $"relative error {RelativeError(exact, fd):E2}");
    }

    [Fact]
    public void ReLU_Hessian_has_no_second_derivative_term_logistic_regression_is_the_closed_form()
    {
        // logreg: Hv = (1/B) Σᵢ (diag pᵢ − pᵢpᵢᵀ)(V xᵢ + v_b) [xᵢᵀ, 1] + λV, the closed form of ../shared/docs/tim-influence.md §6
        var rng = new Rng(8);
        const int D = 4, C = 3, B = 6;
        var model = new Mlp<double>(D, [], C, Activation.Relu, 0.25);
        model.Initialize(rng);
        double[] x = Enumerable.Range(0, B * D).Select(_ => rng.NextGaussian()).ToArray();
        int[] y = [0, 1, 2, 2, 1, 0];
        double[] v = Enumerable.Range(0, model.Params.Length).Select(_ => rng.NextGaussian()).ToArray();
        var f = new MlpBatchCurvature(model, x, y, B);
        double[] theta = (double[])model.Params.Clone();
        double[] got = new double[v.Length];
        f.HessianVector(theta, v, got);
        model.Forward(x, y, B);
        double[] probs = model.Probabilities.ToArray();
        double[] expected = new double[v.Length];
        for (int i = 0; i < B; i++)
        {
            double[] r = new double[C];
            for (int c = 0; c < C; c++)
            {
                r[c] = v[D * C + c];
                for (int d = 0; d < D; d++) r[c] += v[c * D + d] * x[i * D + d];
            }
            double pr = Enumerable.Range(0, C).Sum(c => probs[i * C + c] * r[c]);
            for (int c = 0; c < C; c++)
            {
                double q = probs[i * C + c] * (r[c] - pr) / B;
                for (int d = 0; d < D; d++) expected[c * D + d] += q * x[i * D + d];
                expected[D * C + c] += q;
            }
        }
        for (int k = 0; k < D * C; k++) expected[k] += 0.25 * v[k];
        Assert.True(RelativeError(got, expected) <= 1e-13, $"relative error {RelativeError(got, expected):E2}");
    }

    [Theory]
    [InlineData(new int[0], Activation.Identity)]
    [InlineData(new[] { 6 }, Activation.Relu)]
    [InlineData(new[] { 5, 4 }, Activation.Gelu)]
    public void Directional_derivatives_are_the_per_sample_dots(int[] hidden, Activation act)
    {
        const int D = 5, C = 4, B = 7;
        var rng = new Rng(17);
        var model = new Mlp<double>(D, hidden, C, act, 0.1);
        model.Initialize(rng);
        double[] x = Enumerable.Range(0, B * D).Select(_ => rng.NextGaussian()).ToArray();
        int[] y = Enumerable.Range(0, B).Select(_ => (int)rng.NextLong(C)).ToArray();
        double[] u = Enumerable.Range(0, model.Params.Length).Select(_ => rng.NextGaussian()).ToArray();
        model.Forward(x, y, B);
        double[] expected = new double[B], got = new double[B];
        model.PerSampleDot(u, expected);
        model.Forward(x, y, B);
        double[] hv = new double[u.Length], c = Enumerable.Repeat(1.0 / B, B).ToArray();
        model.CurvatureProduct(u, c, got, hv);
        for (int i = 0; i < B; i++) Assert.Equal(expected[i], got[i], 1e-12 * (1 + Math.Abs(expected[i])));
    }

    [Fact]
    public void The_data_gradient_is_the_backward_pass_without_its_L2_term()
    {
        const int D = 6, C = 3, B = 8;
        var rng = new Rng(23);
        var model = new Mlp<double>(D, [5], C, Activation.Tanh, 0.4);
        model.Initialize(rng);
        double[] x = Enumerable.Range(0, B * D).Select(_ => rng.NextGaussian()).ToArray();
        int[] y = Enumerable.Range(0, B).Select(_ => (int)rng.NextLong(C)).ToArray();
        double[] m = Enumerable.Range(0, B).Select(_ => rng.NextDouble()).ToArray();
        model.Forward(x, y, B);
        model.Backward(0.7, m, GradientWrite.Overwrite);
        double[] expected = (double[])model.Grads.Clone();
        double[] l2 = new double[expected.Length];
        model.AddL2Term(model.Params, 0.7, l2);
        double[] got = new double[expected.Length];
        model.AccumulateDataGradient(m.Select(v => 0.7 * v / B).ToArray(), got, GradientWrite.Overwrite);
        for (int k = 0; k < got.Length; k++) Assert.Equal(expected[k] - l2[k], got[k], 1e-14 * (1 + Math.Abs(expected[k])));
    }

    [Theory]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Gelu)]
    public void Float32_runs_the_same_pass_on_the_kernels_within_1e_4_of_float64_and_allocates_nothing(Activation act)
    {
        const int D = 40, C = 10, B = 33;
        var rng = new Rng(31);
        var reference = new Mlp<double>(D, [48, 24], C, act, 0.01);
        reference.Initialize(rng);
        var fast = new Mlp<float>(D, [48, 24], C, act, 0.01);
        fast.CopyParamsFrom(reference);
        double[] x = Enumerable.Range(0, B * D).Select(_ => rng.NextGaussian()).ToArray();
        int[] y = Enumerable.Range(0, B).Select(_ => (int)rng.NextLong(C)).ToArray();
        double[] v = Enumerable.Range(0, reference.Params.Length).Select(_ => 1e-3 * rng.NextGaussian()).ToArray();
        double[] c = Enumerable.Range(0, B).Select(i => (i % 3 == 0 ? 0.0 : 1.0) / B).ToArray();
        double[] dots = new double[B], hv = new double[v.Length];
        reference.Forward(x, y, B);
        reference.CurvatureProduct(v, c, dots, hv, GradientWrite.Overwrite);

        float[] xf = x.Select(a => (float)a).ToArray(), vf = v.Select(a => (float)a).ToArray(), cf = c.Select(a => (float)a).ToArray();
        float[] dotsF = new float[B], hvF = new float[v.Length];
        fast.Forward(xf, y, B);
        fast.CurvatureProduct(vf, cf, dotsF, hvF, GradientWrite.Overwrite);
        Assert.True(RelativeError(hvF.Select(a => (double)a).ToArray(), hv) <= 1e-4);
        Assert.True(RelativeError(dotsF.Select(a => (double)a).ToArray(), dots) <= 1e-4);

        fast.Forward(xf, y, B);
        long before = GC.GetAllocatedBytesForCurrentThread();
        fast.CurvatureProduct(vf, cf, dotsF, hvF, GradientWrite.Overwrite);
        fast.CurvatureProduct(vf, cf, dotsF, hvF);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
