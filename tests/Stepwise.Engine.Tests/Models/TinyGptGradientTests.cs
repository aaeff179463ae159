using Stepwise.Engine.Models;

namespace Stepwise.Engine.Tests.Models;

/// <summary>TinyGpt gradients vs float64 central finite differences on a tiny model; every parameter is checked.
/// Bound: max relative error ≤ 1e-5 (|g − fd| / max(1e-7, |g| + |fd|)).</summary>
public class TinyGptGradientTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Backward_MatchesFiniteDifferences(bool tie)
    {
        var cfg = new TinyGptConfig(Vocab: 7, Context: 5, Layers: 2, Heads: 2, Channels: 4, TieWeights: tie);
        var model = new TinyGpt<double>(cfg);
        var rng = new Rng(11);
        model.Initialize(rng);
        // larger weights than GPT-2 init so that every path carries signal
        for (int i = 0; i < model.Params.Length; i++) model.Params[i] += rng.NextGaussian() * 0.3;
        const int B = 2, T = 4;
        int[] tokens = Enumerable.Range(0, B * T).Select(_ => (int)rng.NextLong(cfg.Vocab)).ToArray();
        int[] targets = Enumerable.Range(0, B * T).Select(_ => (int)rng.NextLong(cfg.Vocab)).ToArray();
        targets[3] = -1; // ignored
        model.ZeroGrad();
        model.Forward(tokens, targets, B, T);
        model.Backward();
        double[] grads = (double[])model.Grads.Clone();
        const double h = 1e-5;
        double worst = 0;
        string worstName = "";
        foreach (var view in model.Layout.Views)
        {
            for (int k = 0; k < view.Length; k++)
            {
                int i = view.Offset + k;
                double keep = model.Params[i];
                model.Params[i] = keep + h;
                double up = model.Forward(tokens, targets, B, T);
                model.Params[i] = keep - h;
                double down = model.Forward(tokens, targets, B, T);
                model.Params[i] = keep;
                double fd = (up - down) / (2 * h);
                double rel = Math.Abs(grads[i] - fd) / Math.Max(1e-7, Math.Abs(grads[i]) + Math.Abs(fd));
                if (rel > worst)
                {
                    worst = rel;
                    worstName = $"{view.Name}[{k}] backprop {grads[i]:E3} fd {fd:E3}";
                }
            }
        }
        Assert.True(worst <= 1e-5, $"max relative error {worst:E2} at {worstName}");
    }

    [Fact]
    public void HiddenStates_AndGeneration_AreExposed()
    {
        var cfg = new TinyGptConfig(Vocab: 11, Context: 6, Layers: 3, Heads: 2, Channels: 8);
        var model = new TinyGpt<float>(cfg);
        model.Initialize(new Rng(2));
        int[] tokens = [1, 2, 3, 4];
        model.Forward(tokens, ReadOnlySpan<int>.Empty, 1, 4);
        for (int l = 0; l < 3; l++) Assert.Equal(4 * 8, model.HiddenState(l).Length);
        Assert.NotEqual(model.HiddenState(0).ToArray(), model.HiddenState(2).ToArray());
        int[] generated = model.Generate([1, 2, 3], 10);
        Assert.Equal(10, generated.Length);
        Assert.All(generated, t => Assert.InRange(t, 0, 10));
        Assert.Equal(generated, model.Generate([1, 2, 3], 10)); // greedy is deterministic
    }
}
