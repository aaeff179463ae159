using System.Numerics;
using Stepwise.Engine.Models;

namespace Stepwise.Engine.Tests.Models;

/// <summary>
/// Generation with the key/value cache against full forward passes of the same windows (the documented rule: the
/// window grows to the context P, then restarts from its last ⌈P/2⌉ tokens). Logit bounds, relative to the largest
/// |logit| of the row: 1e-12 in float64, 1e-5 in float32 (the cached step's attention sums in another order).
/// </summary>
public class TinyGptGenerateTests
{
    private static TinyGpt<T> NewModel<T>(int context, ulong seed = 71, int vocab = 13) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var cfg = new TinyGptConfig(Vocab: vocab, Context: context, Layers: 2, Heads: 2, Channels: 16, Dropout: 0.1, TieWeights: false);
        var model = new TinyGpt<T>(cfg);
        var rng = new Rng(seed);
        model.Initialize(rng);
        for (int i = 0; i < model.Params.Length; i++) model.Params[i] += T.CreateChecked(rng.NextGaussian() * 0.3); // logits far apart
        return model;
    }

    /// <summary>The window (start index into the sequence) the rule gives before predicting the token after
    /// <paramref name="length"/> tokens, given the previous start.</summary>
    private static int WindowStart(int previousStart, int length, int context) =>
        length - previousStart > context ? length - (context - context / 2) : previousStart;

    /// <summary>The logits after the last token of each window, by a full forward pass in evaluation mode, for the
    /// sequence prompt + generated.</summary>
    private static List<double[]> FullForwardLogits<T>(TinyGpt<T> model, int[] prompt, int[] generated) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int context = model.Config.Context, v = model.Config.Vocab;
        var tokens = new List<int>(prompt);
        int start = Math.Max(0, tokens.Count - context);
        var rows = new List<double[]>();
        bool training = model.Training;
        model.Training = false;
        for (int i = 0; i < generated.Length; i++)
        {
            start = WindowStart(start, tokens.Count, context);
            int[] window = tokens.Skip(start).ToArray();
            model.Forward(window, ReadOnlySpan<int>.Empty, 1, window.Length);
            rows.Add(model.Logits.Slice((window.Length - 1) * v, v).ToArray().Select(double.CreateChecked).ToArray());
            tokens.Add(generated[i]);
        }
        model.Training = training;
        return rows;
    }

    private static int ArgMax(double[] row) => Array.IndexOf(row, row.Max());

    private static int[] GreedyByFullForward<T>(TinyGpt<T> model, int[] prompt, int count) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var generated = new List<int>();
        for (int i = 0; i < count; i++) generated.Add(ArgMax(FullForwardLogits(model, prompt, [.. generated, 0])[^1]));
        return [.. generated];
    }

    [Theory]
    [InlineData(8, 3, 30)]   // crosses the context length three times
    [InlineData(8, 11, 10)]  // a prompt longer than the context
    [InlineData(3, 1, 12)]   // odd context: restarts from 2 tokens
    [InlineData(1, 2, 5)]    // context 1: every token re-encodes one
    public void Greedy_WithTheCache_EqualsGreedyByFullForwardPasses(int context, int promptLength, int count)
    {
        Check<double>();
        Check<float>();

        void Check<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            var model = NewModel<T>(context);
            int[] prompt = Enumerable.Range(0, promptLength).Select(i => (i * 5 + 2) % 13).ToArray();
            int[] expected = GreedyByFullForward(model, prompt, count);
            model.Training = true;
            int[] actual = model.Generate(prompt, count);
            Assert.True(model.Training, "Generate restores the training flag");
            Assert.Equal(expected, actual);
            Assert.True(expected.Distinct().Count() > 1, "the check needs a sequence that is not one token repeated");
        }
    }

    [Fact]
    public void CachedStepLogits_EqualTheFullForwardsLastRow()
    {
        Check<double>(1e-12);
        Check<float>(1e-5);

        static void Check<T>(double bound) where T : unmanaged, IFloatingPointIeee754<T>
        {
            var model = NewModel<T>(context: 12);
            model.Training = false;
            int[] tokens = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8];
            int v = model.Config.Vocab;
            var cache = new TinyGptKvCache<T>(model.Config);
            model.Encode(cache, tokens.AsSpan(0, 2));
            for (int t = 2; t < tokens.Length; t++)
            {
                model.Decode(cache, tokens[t]);
                Assert.Equal(t + 1, cache.Length);
                double[] cached = cache.Logits.Select(double.CreateChecked).ToArray();
                model.Forward(tokens.AsSpan(0, t + 1), ReadOnlySpan<int>.Empty, 1, t + 1);
                double[] full = model.Logits.Slice(t * v, v).ToArray().Select(double.CreateChecked).ToArray();
                double scale = full.Max(Math.Abs), worst = full.Zip(cached, (a, b) => Math.Abs(a - b)).Max();
                Assert.True(worst <= bound * scale, $"{typeof(T).Name} position {t}: max |Δ| {worst:E2} vs max |logit| {scale:E2}");
            }
        }
    }

    [Fact]
    public void Sampling_WithASeed_IsReproducible_AndSeedsDiffer()
    {
        var model = NewModel<float>(context: 8);
        int[] prompt = [1, 2, 3];
        int[] a = model.Generate(prompt, 40, temperature: 1.0, topK: 0, rng: new Rng(7));
        int[] b = model.Generate(prompt, 40, temperature: 1.0, topK: 0, rng: new Rng(7));
        int[] c = model.Generate(prompt, 40, temperature: 1.0, topK: 0, rng: new Rng(8));
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.NotEqual(model.Generate(prompt, 40), a); // sampling at temperature 1 is not greedy here
    }

    [Theory]
    [InlineData(1e-6, 0)]
    [InlineData(1.5, 1)]
    public void Sampling_AtTemperatureToZero_OrTopOne_IsGreedy(double temperature, int topK)
    {
        foreach (ulong seed in new ulong[] { 1, 2, 3 })
        {
            var model = NewModel<double>(context: 8, seed: 70 + seed);
            int[] prompt = [4, 4, 2];
            Assert.Equal(model.Generate(prompt, 20), model.Generate(prompt, 20, temperature, topK, new Rng(seed)));
        }
    }

    [Fact]
    public void TopK_DrawsOnlyAmongTheKLargestLogits()
    {
        var model = NewModel<double>(context: 8);
        int[] prompt = [0, 7];
        int[] generated = model.Generate(prompt, 40, temperature: 3.0, topK: 3, rng: new Rng(9));
        List<double[]> rows = FullForwardLogits(model, prompt, generated);
        for (int i = 0; i < generated.Length; i++)
        {
            double mine = rows[i][generated[i]];
            int larger = rows[i].Count(x => x > mine);
            Assert.True(larger < 3, $"token {i} ({generated[i]}) has {larger} larger logits");
        }
        Assert.True(generated.Zip(rows, (g, r) => g != ArgMax(r)).Any(x => x), "at temperature 3 some draws should not be the argmax");
    }

    [Fact]
    public void OneDraw_FollowsSoftmaxOfLogitsOverTemperature()
    {
        // 4,000 seeded single-token draws against p = softmax(z / 0.7): each frequency within 4 standard errors
        const double temperature = 0.7;
        const int draws = 4000;
        var model = NewModel<double>(context: 8, vocab: 5);
        int[] prompt = [1, 3, 0];
        model.Training = false;
        model.Forward(prompt, ReadOnlySpan<int>.Empty, 1, prompt.Length);
        double[] z = model.Logits.Slice(2 * 5, 5).ToArray();
        double max = z.Max();
        double[] p = z.Select(x => Math.Exp((x - max) / temperature)).ToArray();
        double total = p.Sum();
        p = p.Select(x => x / total).ToArray();
        int[] counts = new int[5];
        for (ulong seed = 0; seed < draws; seed++) counts[model.Generate(prompt, 1, temperature, 0, new Rng(seed))[0]]++;
        for (int j = 0; j < 5; j++)
        {
            double frequency = counts[j] / (double)draws, se = Math.Sqrt(p[j] * (1 - p[j]) / draws);
            Assert.True(Math.Abs(frequency - p[j]) <= 4 * se + 1e-3, $"token {j}: frequency {frequency:F4} vs p {p[j]:F4}");
        }
        Assert.True(p.Max() < 0.9, "the check needs a spread distribution");
    }

    [Fact]
    public void BadArguments_AreRejected()
    {
        var model = NewModel<float>(context: 8);
        Assert.Throws<ArgumentException>(() => model.Generate([], 3));
        Assert.Throws<ArgumentException>(() => model.Generate([13], 3));
        Assert.Throws<ArgumentException>(() => model.Generate([-1], 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Generate([1], -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Generate([1], 3, temperature: -0.5, rng: new Rng(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Generate([1], 3, temperature: double.NaN, rng: new Rng(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Generate([1], 3, temperature: 1, topK: -1, rng: new Rng(1)));
        Assert.Throws<ArgumentNullException>(() => model.Generate([1], 3, temperature: 1));
        Assert.Empty(model.Generate([1], 0));
    }
}
