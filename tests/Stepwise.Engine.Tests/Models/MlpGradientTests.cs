using Stepwise.Engine.Layers;
using Stepwise.Engine.Models;

namespace Stepwise.Engine.Tests.Models;

/// <summary>Backprop gradients vs float64 central finite differences. Bound: max relative error ≤ 1e-6
/// (|g − fd| / max(1e-8, |g| + |fd|)), comfortably above the O(h²) ≈ 1e-10 truncation and 1e-16/h rounding.</summary>
public class MlpGradientTests
{
    [Theory]
    [InlineData(new int[0], Activation.Identity, 0.0)]   // logistic regression
    [InlineData(new int[0], Activation.Identity, 0.1)]   // with L2
    [InlineData(new[] { 7 }, Activation.Relu, 0.0)]
    [InlineData(new[] { 6, 5 }, Activation.Gelu, 0.0)]
    [InlineData(new[] { 5, 4 }, Activation.Tanh, 0.05)]
    public void Backward_MatchesFiniteDifferences(int[] hidden, Activation activation, double l2)
    {
        const int D = 4, C = 3, B = 5;
        var model = new Mlp<double>(D, hidden, C, activation, l2);
        var rng = new Rng(7);
        model.Initialize(rng);
        double[] x = Enumerable.Range(0, B * D).Select(_ => rng.NextGaussian()).ToArray();
        int[] y = Enumerable.Range(0, B).Select(_ => (int)rng.NextLong(C)).ToArray();
        model.ZeroGrad();
        model.Forward(x, y, B);
        model.Backward();
        double[] grads = (double[])model.Grads.Clone();
        const double h = 1e-5;
        double worst = 0;
        for (int i = 0; i < model.Params.Length; i++)
        {
            double keep = model.Params[i];
            model.Params[i] = keep + h;
            double up = model.Forward(x, y, B);
            model.Params[i] = keep - h;
            double down = model.Forward(x, y, B);
            model.Params[i] = keep;
            double fd = (up - down) / (2 * h);
            // ReLU kinks: skip parameters whose perturbation crosses a kink (fd jumps); none expected for smooth kinds.
            double rel = Math.Abs(grads[i] - fd) / Math.Max(1e-8, Math.Abs(grads[i]) + Math.Abs(fd));
            worst = Math.Max(worst, rel);
        }
        Assert.True(worst <= 1e-6, $"max relative error {worst:E2}");
    }

    [Fact]
    public void Backward_Accumulates_AndScales()
    {
        var model = new Mlp<double>(3, [4], 2, Activation.Tanh);
        model.Initialize(new Rng(1));
        double[] x = [0.1, -0.2, 0.3, 0.5, 0.4, -0.6];
        int[] y = [1, 0];
        model.ZeroGrad();
        model.Forward(x, y, 2);
        model.Backward();
        double[] once = (double[])model.Grads.Clone();
        model.Forward(x, y, 2);
        model.Backward(0.5);
        for (int i = 0; i < once.Length; i++) Assert.Equal(1.5 * once[i], model.Grads[i], 12);
    }

    [Fact]
    public void FloatAndDoubleModels_Agree()
    {
        var d = new Mlp<double>(4, [8], 3, Activation.Gelu);
        d.Initialize(new Rng(3));
        var f = new Mlp<float>(4, [8], 3, Activation.Gelu);
        f.CopyParamsFrom(d);
        var rng = new Rng(4);
        double[] xd = Enumerable.Range(0, 12).Select(_ => rng.NextGaussian()).ToArray();
        float[] xf = xd.Select(v => (float)v).ToArray();
        int[] y = [0, 2, 1];
        double ld = d.Forward(xd, y, 3);
        float lf = f.Forward(xf, y, 3);
        Assert.Equal(ld, lf, 5);
    }

    [Theory]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Gelu)]
    [InlineData(Activation.Tanh)]
    public void ForwardNoCopy_GivesBitwiseTheGradientsAndPerSampleValuesOfForward(Activation activation)
    {
        var rng = new Rng(9);
        var a = new Mlp<float>(20, [33, 17], 5, activation, 0.01);
        a.Initialize(new Rng(2));
        var b = new Mlp<float>(20, [33, 17], 5, activation, 0.01);
        b.CopyParamsFrom(a);
        const int B = 9;
        float[] x = Enumerable.Range(0, B * 20).Select(_ => (float)rng.NextGaussian()).ToArray();
        int[] y = Enumerable.Range(0, B).Select(i => i % 5).ToArray();
        float[] u = Enumerable.Range(0, a.Params.Length).Select(_ => (float)rng.NextGaussian()).ToArray();
        for (int round = 0; round < 2; round++) // the second round accumulates into the first's gradients
        {
            if (round == 0) { a.ZeroGrad(); b.ZeroGrad(); }
            float la = a.Forward(x, y, B), lb = b.ForwardNoCopy(x, y, B);
            Assert.Equal(BitConverter.SingleToInt32Bits(la), BitConverter.SingleToInt32Bits(lb));
            a.Backward(0.5f);
            b.Backward(0.5f);
            Assert.True(a.Grads.AsSpan().SequenceEqual(b.Grads), $"gradients differ in round {round}");
        }
        float[] da = new float[B], db = new float[B], na = new float[B], nb = new float[B];
        a.PerSampleDot(u, da);
        b.PerSampleDot(u, db);
        a.PerSampleGradNorms(na);
        b.PerSampleGradNorms(nb);
        Assert.True(da.AsSpan().SequenceEqual(db) && na.AsSpan().SequenceEqual(nb));
        Assert.Throws<ArgumentException>(() => b.ForwardNoCopy(new float[B * 20 - 1], y, B));
    }
}
