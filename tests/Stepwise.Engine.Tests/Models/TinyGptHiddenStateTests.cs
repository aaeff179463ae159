using Stepwise.Engine.Models;
using Stepwise.Engine.Reference;

namespace Stepwise.Engine.Tests.Models;

/// <summary>Hidden states 0..L: the embedding output, then each block's output, the last one feeding the final
/// LayerNorm and the head (checked by recomputing the logits from it with the reference loops, ≤ 1e-12 relative).</summary>
public class TinyGptHiddenStateTests
{
    [Fact]
    public void HiddenState0_IsTheEmbedding_AndTheLastFeedsTheHead()
    {
        var cfg = new TinyGptConfig(Vocab: 11, Context: 6, Layers: 3, Heads: 2, Channels: 8, TieWeights: false);
        var model = new TinyGpt<double>(cfg);
        var rng = new Rng(81);
        model.Initialize(rng);
        for (int i = 0; i < model.Params.Length; i++) model.Params[i] += rng.NextGaussian() * 0.2;
        const int B = 2, T = 5, C = 8;
        int[] tokens = [1, 4, 4, 0, 10, 2, 3, 9, 7, 7];
        model.Forward(tokens, ReadOnlySpan<int>.Empty, B, T);
        Assert.Equal(cfg.Layers + 1, model.HiddenStateCount);

        double[] embedded = model.HiddenState(0).ToArray();
        Span<double> wte = model.Layout["wte"].Of(model.Params), wpe = model.Layout["wpe"].Of(model.Params);
        for (int r = 0; r < B * T; r++)
        {
            for (int k = 0; k < C; k++) Assert.Equal(wte[tokens[r] * C + k] + wpe[r % T * C + k], embedded[r * C + k]);
        }
        for (int l = 1; l <= cfg.Layers; l++)
        {
            Assert.Equal(B * T * C, model.HiddenState(l).Length);
            Assert.NotEqual(model.HiddenState(l - 1).ToArray(), model.HiddenState(l).ToArray());
        }

        double[] norm = new double[B * T * C], logits = new double[B * T * cfg.Vocab];
        LayerNormReference<double>.Forward(norm, new double[B * T], new double[B * T], model.HiddenState(cfg.Layers), model.Layout["lnf.weight"].Of(model.Params), model.Layout["lnf.bias"].Of(model.Params), B * T, C);
        LinearReference<double>.Forward(logits, norm, model.Layout["lm_head.weight"].Of(model.Params), ReadOnlySpan<double>.Empty, B * T, C, cfg.Vocab);
        double[] expected = model.Logits.ToArray();
        double scale = expected.Max(Math.Abs);
        Assert.True(expected.Zip(logits, (a, b) => Math.Abs(a - b)).Max() <= 1e-12 * scale);

        Assert.Throws<ArgumentOutOfRangeException>(() => model.HiddenState(-1).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.HiddenState(cfg.Layers + 1).Length);
    }
}
