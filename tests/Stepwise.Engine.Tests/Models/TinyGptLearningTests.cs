using System.Text;
using Stepwise.Engine.Models;
using Stepwise.Engine.Optim;

namespace Stepwise.Engine.Tests.Models;

public class TinyGptLearningTests
{
    private const string Text =
        "the quick brown fox jumps over the lazy dog. a step is the state after n updates. " +
        "an epoch is one pass over the data. a window is a range of update indices. " +
        "checkpoints are written at steps, not epochs. the plan says what the trainer does. ";

    [Fact]
    public void LossFallsWellBelowTheUnigramEntropy()
    {
        byte[] bytes = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(Text, 4)));
        var vocab = bytes.Distinct().Order().ToArray();
        int[] ids = bytes.Select(b => Array.IndexOf(vocab, b)).ToArray();
        double unigram = -ids.GroupBy(i => i).Sum(g => { double p = (double)g.Count() / ids.Length; return p * Math.Log(p); });

        var cfg = new TinyGptConfig(Vocab: vocab.Length, Context: 32, Layers: 2, Heads: 2, Channels: 32);
        var model = new TinyGpt<float>(cfg);
        var rng = new Rng(0);
        model.Initialize(rng);
        var opt = new AdamW<float>(model.Params.Length, weightDecay: 0.0);
        const int B = 8, T = 32;
        int[] x = new int[B * T], y = new int[B * T];
        float loss = 0;
        for (int step = 0; step < 250; step++)
        {
            for (int b = 0; b < B; b++)
            {
                int start = (int)rng.NextLong(ids.Length - T - 1);
                for (int t = 0; t < T; t++)
                {
                    x[b * T + t] = ids[start + t];
                    y[b * T + t] = ids[start + t + 1];
                }
            }
            model.ZeroGrad();
            loss = model.Forward(x, y, B, T);
            model.Backward();
            opt.Step(model.Params, model.Grads, 3e-3f);
        }
        Assert.True(loss < 0.5 * unigram, $"final loss {loss:F3} nats vs unigram entropy {unigram:F3}");
    }
}
