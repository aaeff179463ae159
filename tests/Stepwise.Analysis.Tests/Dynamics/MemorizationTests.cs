using System.Text;
using Stepwise.Analysis.Dynamics;
using Stepwise.Engine;
using Stepwise.Engine.Models;
using Stepwise.Engine.Optim;

namespace Stepwise.Analysis.Tests.Dynamics;

public class MemorizationTests
{
    private const string Seen = "It is a truth universally acknowledged, that a single man in possession of a good fortune, must be in want of a wife.";
    private const string Unseen = "However little known the feelings or views of such a man may be on his first entering a neighbourhood, this truth is so";

    private static int[] Tokens(string s) => [.. Encoding.UTF8.GetBytes(s).Select(b => (int)b)];

    /// <summary>A one-block TinyGpt trained on <see cref="Seen"/> alone until it reproduces it.</summary>
    private static TinyGpt<float> Overfit()
    {
        var gpt = new TinyGpt<float>(new TinyGptConfig(256, 128, 1, 2, 32));
        gpt.Initialize(new Rng(11));
        var optimizer = new AdamW<float>(gpt.Params.Length, weightDecay: 0);
        int[] t = Tokens(Seen);
        int[] inputs = t[..^1], targets = t[1..];
        for (int step = 0; step < 400; step++)
        {
            gpt.ZeroGrad();
            gpt.Forward(inputs, targets, 1, inputs.Length);
            gpt.Backward();
            optimizer.Step(gpt.Params, gpt.Grads, 0.01f);
        }
        gpt.Training = false;
        return gpt;
    }

    [Fact]
    public void OverfitPassage_IsReproducedExactly_ANovelOneIsNot()
    {
        var gpt = Overfit();
        var (accuracy, prefix) = Memorization.SeedRule(gpt, Tokens(Seen), DynamicsSettings.PrefixLengths);
        Assert.Equal(1.0, accuracy);
        Assert.Equal([1.0, 1.0, 1.0], prefix);
        var (fixedAccuracy, exact) = Memorization.FixedRule(gpt, Tokens(Seen), 32, 32);
        Assert.Equal(1.0, fixedAccuracy);
        Assert.True(exact);

        var (novel, _) = Memorization.SeedRule(gpt, Tokens(Unseen), DynamicsSettings.PrefixLengths);
        var (novelFixed, novelExact) = Memorization.FixedRule(gpt, Tokens(Unseen), 32, 32);
        Assert.InRange(novel, 0, 0.35);
        Assert.InRange(novelFixed, 0, 0.35);
        Assert.False(novelExact);
    }

    [Fact]
    public void SeedRule_PromptIsTheFirstThird_PrefixesOverTheFirstTargets()
    {
        // an untrained model: whatever it generates, the prefix shares are the shares over the first q targets
        var gpt = new TinyGpt<float>(new TinyGptConfig(256, 128, 1, 2, 16));
        gpt.Initialize(new Rng(3));
        gpt.Training = false;
        int[] t = Tokens(Seen);
        int prompt = t.Length / 3;
        int[] generated = gpt.Generate(t.AsSpan(0, prompt), t.Length - prompt);
        var (accuracy, prefix) = Memorization.SeedRule(gpt, t, [5, 10, 1000]);
        double Share(int q) => Enumerable.Range(0, q).Count(i => generated[i] == t[prompt + i]) / (double)q;
        Assert.Equal(Share(t.Length - prompt), accuracy);
        Assert.Equal([Share(5), Share(10), Share(t.Length - prompt)], prefix);
    }

    [Fact]
    public void FixedRule_PassageShorterThanPromptPlusTarget_Throws()
    {
        var gpt = new TinyGpt<float>(new TinyGptConfig(256, 128, 1, 2, 16));
        Assert.Throws<ArgumentException>(() => Memorization.FixedRule(gpt, Tokens("short passage"), 32, 32));
    }
}
