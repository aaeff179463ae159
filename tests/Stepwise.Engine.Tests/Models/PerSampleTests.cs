using Stepwise.Engine.Layers;
using Stepwise.Engine.Models;

namespace Stepwise.Engine.Tests.Models;

/// <summary>Per-sample dot products and gradient norms vs explicit per-sample backward passes (float64, ≤ 1e-10 relative).</summary>
public class PerSampleTests
{
    [Theory]
    [InlineData(new int[0], Activation.Identity)]
    [InlineData(new[] { 6 }, Activation.Relu)]
    [InlineData(new[] { 5, 4 }, Activation.Gelu)]
    public void PerSampleDot_And_Norms_MatchSingleRowBackward(int[] hidden, Activation act)
    {
        const int D = 5, C = 4, B = 6;
        var model = new Mlp<double>(D, hidden, C, act, l2: 0.3); // L2 is excluded from per-sample losses
        var rng = new Rng(21);
        model.Initialize(rng);
        double[] x = Enumerable.Range(0, B * D).Select(_ => rng.NextGaussian()).ToArray();
        int[] y = Enumerable.Range(0, B).Select(_ => (int)rng.NextLong(C)).ToArray();
        double[] u = Enumerable.Range(0, model.Params.Length).Select(_ => rng.NextGaussian()).ToArray();

        var single = new Mlp<double>(D, hidden, C, act, l2: 0.0);
        single.CopyParamsFrom(model);
        double[] expectedDots = new double[B], expectedNorms = new double[B];
        for (int i = 0; i < B; i++)
        {
            single.ZeroGrad();
            single.Forward(x.AsSpan(i * D, D), y.AsSpan(i, 1), 1);
            single.Backward();
            expectedDots[i] = single.Grads.Zip(u, (g, v) => g * v).Sum();
            expectedNorms[i] = Math.Sqrt(single.Grads.Sum(g => g * g));
        }

        model.Forward(x, y, B);
        model.ZeroGrad();
        double[] dots = new double[B], norms = new double[B];
        model.PerSampleDot(u, dots);
        model.PerSampleGradNorms(norms);
        for (int i = 0; i < B; i++)
        {
            Assert.Equal(expectedDots[i], dots[i], 1e-10 * (1 + Math.Abs(expectedDots[i])));
            Assert.Equal(expectedNorms[i], norms[i], 1e-10 * (1 + expectedNorms[i]));
        }
        Assert.All(model.Grads, g => Assert.Equal(0.0, g));
        // per-sample losses are exposed and average to the batch loss minus L2
        double mean = model.SampleLosses.ToArray().Average();
        Assert.True(mean > 0);
    }
}

/// <summary>TinyGpt per-sequence dot products vs one backward pass per sequence (float64, ≤ 1e-9 relative).</summary>
public class TinyGptPerSampleTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void PerSampleDot_MatchesSingleSequenceBackward(bool tie)
    {
        var cfg = new TinyGptConfig(Vocab: 9, Context: 6, Layers: 2, Heads: 2, Channels: 8, TieWeights: tie);
        var model = new TinyGpt<double>(cfg);
        var rng = new Rng(31);
        model.Initialize(rng);
        for (int i = 0; i < model.Params.Length; i++) model.Params[i] += rng.NextGaussian() * 0.2;
        const int B = 3, T = 5;
        int[] tokens = Enumerable.Range(0, B * T).Select(_ => (int)rng.NextLong(cfg.Vocab)).ToArray();
        int[] targets = Enumerable.Range(0, B * T).Select(_ => (int)rng.NextLong(cfg.Vocab)).ToArray();
        targets[2] = -1;
        targets[7] = -1;
        double[] u = Enumerable.Range(0, model.Params.Length).Select(_ => rng.NextGaussian()).ToArray();
        double[] expected = new double[B];
        for (int b = 0; b < B; b++)
        {
            model.ZeroGrad();
            model.Forward(tokens.AsSpan(b * T, T), targets.AsSpan(b * T, T), 1, T);
            model.Backward();
            expected[b] = model.Grads.Zip(u, (g, x) => g * x).Sum();
        }
        model.ZeroGrad();
        model.Forward(tokens, targets, B, T);
        double[] dots = new double[B];
        model.PerSampleDot(u, dots);
        for (int b = 0; b < B; b++) Assert.Equal(expected[b], dots[b], 1e-9 * (1 + Math.Abs(expected[b])));
        Assert.All(model.Grads, g => Assert.Equal(0.0, g));
    }
}
