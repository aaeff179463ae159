using FsCheck;
using FsCheck.Fluent;
using Stepwise.Engine.Layers;
using Stepwise.Engine.Models;

namespace Stepwise.Engine.Tests.Models;

/// <summary>
/// The agreed per-sample meaning (docs/engine.md, "Per-sample quantities"): a micro-batch's data loss is Σᵢ wᵢ·ℓᵢ
/// with ℓᵢ sample i's mean loss over its counted targets and wᵢ = nᵢ/N; Backward(scale, m) is the gradient of
/// scale·Σᵢ mᵢwᵢℓᵢ (+ scale·L2 for the MLP) with the whole batch's denominators. Float64 comparisons use ≤ 1e-10
/// relative to the largest gradient entry (the sums are reordered, nothing else).
/// </summary>
public class SampleTermsTests
{
    private const int D = 5, C = 4, B = 6;

    private static (Mlp<T> Model, T[] X, int[] Y) NewMlp<T>(double l2 = 0.2) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var model = new Mlp<T>(D, [7], C, Activation.Gelu, l2);
        var rng = new Rng(41);
        model.Initialize(rng);
        T[] x = Enumerable.Range(0, B * D).Select(_ => T.CreateChecked(rng.NextGaussian())).ToArray();
        int[] y = Enumerable.Range(0, B).Select(_ => (int)rng.NextLong(C)).ToArray();
        return (model, x, y);
    }

    private static (TinyGpt<T> Model, int[] Tokens, int[] Targets) NewGpt<T>(int batch = 3, int time = 5) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var cfg = new TinyGptConfig(Vocab: 9, Context: 6, Layers: 2, Heads: 2, Channels: 8, TieWeights: false);
        var model = new TinyGpt<T>(cfg);
        var rng = new Rng(43);
        model.Initialize(rng);
        for (int i = 0; i < model.Params.Length; i++) model.Params[i] += T.CreateChecked(rng.NextGaussian() * 0.2);
        int[] tokens = Enumerable.Range(0, batch * time).Select(_ => (int)rng.NextLong(cfg.Vocab)).ToArray();
        int[] targets = Enumerable.Range(0, batch * time).Select(_ => (int)rng.NextLong(cfg.Vocab)).ToArray();
        targets[1] = -1;           // sequence 0 has 4 counted targets
        targets[time] = -1;        // sequence 1 has 3
        targets[time + 3] = -1;
        return (model, tokens, targets);
    }

    private static void AssertClose(double[] expected, double[] actual, string what)
    {
        double scale = expected.Max(Math.Abs);
        Assert.True(scale > 0, $"{what}: the expected gradient is zero");
        double worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= 1e-10 * scale, $"{what}: max |Δ| {worst:E2} vs max |g| {scale:E2}");
    }

    [Fact]
    public void Mlp_AllOnesMultipliers_AreBitwiseTheOldBackward_Float32()
    {
        var (a, x, y) = NewMlp<float>();
        var (b, _, _) = NewMlp<float>();
        float[] ones = Enumerable.Repeat(1f, B).ToArray();
        a.ZeroGrad();
        b.ZeroGrad();
        a.Forward(x, y, B);
        b.Forward(x, y, B);
        a.Backward(0.25f);
        b.Backward(0.25f, ones);
        Assert.True(a.Grads.AsSpan().SequenceEqual(b.Grads), "Backward(scale, ones) differs from Backward(scale)");
        b.Backward(0.25f, ones, GradientWrite.Overwrite); // overwrite = clear + accumulate, bitwise
        a.ZeroGrad();
        a.Backward(0.25f);
        Assert.True(a.Grads.AsSpan().SequenceEqual(b.Grads), "Overwrite differs from ZeroGrad + Accumulate");
    }

    [Fact]
    public void TinyGpt_AllOnesMultipliers_AreBitwiseTheOldBackward_Float32()
    {
        var (a, tokens, targets) = NewGpt<float>();
        var (b, _, _) = NewGpt<float>();
        float[] ones = [1f, 1f, 1f];
        foreach (var m in new[] { a, b })
        {
            m.ZeroGrad();
            m.Forward(tokens, targets, 3, 5);
        }
        a.Backward(0.5f);
        b.Backward(0.5f, ones);
        Assert.True(a.Grads.AsSpan().SequenceEqual(b.Grads), "Backward(scale, ones) differs from Backward(scale)");
        b.Backward(0.5f, ones, GradientWrite.Overwrite);
        a.ZeroGrad();
        a.Backward(0.5f);
        Assert.True(a.Grads.AsSpan().SequenceEqual(b.Grads), "Overwrite differs from ZeroGrad + Accumulate");
    }

    [Fact]
    public void Mlp_SampleTerms_AreRowLossesAndOneOverB_AndSumToTheDataLoss()
    {
        var (model, x, y) = NewMlp<double>(l2: 0.0);
        double loss = model.Forward(x, y, B);
        double[] w = model.SampleWeights.ToArray(), l = model.SampleLosses.ToArray();
        Assert.All(w, wi => Assert.Equal(1.0 / B, wi));
        for (int i = 0; i < B; i++)
        {
            var single = new Mlp<double>(D, [7], C, Activation.Gelu);
            single.CopyParamsFrom(model);
            Assert.Equal(single.Forward(x.AsSpan(i * D, D), y.AsSpan(i, 1), 1), l[i], 1e-14);
        }
        Assert.Equal(loss, w.Zip(l, (a, b) => a * b).Sum(), 1e-14);
    }

    [Fact]
    public void TinyGpt_SampleTerms_ArePerSequenceMeansAndCountedShares_AndSumToTheLoss()
    {
        var (model, tokens, targets) = NewGpt<double>();
        double loss = model.Forward(tokens, targets, 3, 5);
        double[] w = model.SampleWeights.ToArray(), l = model.SampleLosses.ToArray();
        Assert.Equal(new[] { 4.0 / 12, 3.0 / 12, 5.0 / 12 }, w);
        double[] tokenLosses = model.TokenLosses.ToArray();
        for (int b = 0; b < 3; b++)
        {
            double[] counted = Enumerable.Range(b * 5, 5).Where(i => targets[i] != -1).Select(i => tokenLosses[i]).ToArray();
            Assert.Equal(counted.Average(), l[b], 1e-14);
        }
        Assert.Equal(loss, w.Zip(l, (a, b) => a * b).Sum(), 1e-14);
        model.Forward(tokens, ReadOnlySpan<int>.Empty, 3, 5);
        Assert.Throws<InvalidOperationException>(() => model.SampleLosses.Length);
    }

    [Fact]
    public void Mlp_DroppingARow_IsTheRestOfTheBatchWithTheFullDenominator_AndTheL2TermStays()
    {
        const double scale = 0.7;
        var (model, x, y) = NewMlp<double>();
        const int dropped = 2;
        double[] m = Enumerable.Repeat(1.0, B).ToArray();
        m[dropped] = 0;
        model.ZeroGrad();
        model.Forward(x, y, B);
        model.Backward(scale, m);
        double[] actual = (double[])model.Grads.Clone();

        // the same rows without row 2, as a batch of B − 1: its mean is over B − 1, so rescale by (B − 1)/B; its L2 term
        // would be scaled too, so it is built without L2 and the term added by hand
        var rest = new Mlp<double>(D, [7], C, Activation.Gelu, l2: 0.0);
        rest.CopyParamsFrom(model);
        int[] keep = Enumerable.Range(0, B).Where(i => i != dropped).ToArray();
        double[] xr = keep.SelectMany(i => x.Skip(i * D).Take(D)).ToArray();
        int[] yr = keep.Select(i => y[i]).ToArray();
        rest.ZeroGrad();
        rest.Forward(xr, yr, B - 1);
        rest.Backward(scale * (B - 1) / B);
        double[] expected = (double[])rest.Grads.Clone();
        foreach (var view in model.Layout.Views.Where(v => v.Name.EndsWith(".weight", StringComparison.Ordinal)))
        {
            for (int k = 0; k < view.Length; k++) expected[view.Offset + k] += scale * model.L2 * model.Params[view.Offset + k];
        }
        AssertClose(expected, actual, "leave-one-out");
    }

    [Fact]
    public void TinyGpt_DroppingASequence_IsTheRestWithTheWholeBatchsTargetCount()
    {
        const double scale = 1.3;
        var (model, tokens, targets) = NewGpt<double>();
        double[] m = [1, 0, 1]; // sequence 1 (3 of the 12 counted targets) dropped
        model.ZeroGrad();
        model.Forward(tokens, targets, 3, 5);
        model.Backward(scale, m);
        double[] actual = (double[])model.Grads.Clone();

        int[] keep = [0, 2];
        int[] tr = keep.SelectMany(b => tokens.Skip(b * 5).Take(5)).ToArray();
        int[] gr = keep.SelectMany(b => targets.Skip(b * 5).Take(5)).ToArray();
        model.ZeroGrad();
        model.Forward(tr, gr, 2, 5);
        model.Backward(scale * 9 / 12); // mean over its 9 targets → the batch's denominator of 12
        AssertClose(model.Grads, actual, "leave-one-out");
    }

    [Fact]
    public void Multipliers_WeightThePerSampleDots_ForBothModels()
    {
        // ⟨u, ∇(Σ mᵢwᵢℓᵢ)⟩ = Σ mᵢwᵢ⟨u, ∇ℓᵢ⟩: Backward(1, m), SampleWeights and PerSampleDot agree on one meaning
        var rng = new Rng(47);
        var (mlp, x, y) = NewMlp<double>(l2: 0.0);
        var (gpt, tokens, targets) = NewGpt<double>();
        double[] mm = Enumerable.Range(0, B).Select(_ => rng.NextGaussian()).ToArray(), mg = [0.5, -2.0, 1.5];
        void Check(double[] grads, double[] u, double[] dots, double[] weights, double[] multipliers, string what)
        {
            double lhs = grads.Zip(u, (g, v) => g * v).Sum();
            double rhs = dots.Select((d, i) => multipliers[i] * weights[i] * d).Sum();
            Assert.True(Math.Abs(lhs - rhs) <= 1e-10 * (1 + Math.Abs(lhs)), $"{what}: {lhs} vs {rhs}");
        }
        double[] u1 = Enumerable.Range(0, mlp.Params.Length).Select(_ => rng.NextGaussian()).ToArray();
        mlp.Forward(x, y, B);
        mlp.Backward(1.0, mm, GradientWrite.Overwrite);
        double[] d1 = new double[B];
        mlp.PerSampleDot(u1, d1);
        Check(mlp.Grads, u1, d1, mlp.SampleWeights.ToArray(), mm, "mlp");
        double[] u2 = Enumerable.Range(0, gpt.Params.Length).Select(_ => rng.NextGaussian()).ToArray();
        gpt.Forward(tokens, targets, 3, 5);
        gpt.Backward(1.0, mg, GradientWrite.Overwrite);
        double[] d2 = new double[3];
        gpt.PerSampleDot(u2, d2);
        Check(gpt.Grads, u2, d2, gpt.SampleWeights.ToArray(), mg, "tinygpt");
    }

    [Fact]
    public void Mlp_BackwardIsLinearInTheMultipliers()
    {
        var (model, x, y) = NewMlp<double>(l2: 0.0);
        model.Forward(x, y, B);
        double[] Grad(double[] m)
        {
            model.Backward(1.0, m, GradientWrite.Overwrite);
            return (double[])model.Grads.Clone();
        }
        Prop.ForAll(
                Gen.ArrayOf(Gen.Choose(-1000, 1000), B).ToArbitrary(),
                Gen.ArrayOf(Gen.Choose(-1000, 1000), B).ToArbitrary(),
                (ia, ib) =>
                {
                    double[] a = ia.Select(v => v / 100.0).ToArray(), b = ib.Select(v => v / 100.0).ToArray();
                    double[] ga = Grad(a), gb = Grad(b), gab = Grad(a.Zip(b, (p, q) => p + q).ToArray());
                    double scale = 1 + ga.Concat(gb).Max(Math.Abs);
                    return ga.Zip(gb, (p, q) => p + q).Zip(gab, (e, g) => Math.Abs(e - g)).Max() <= 1e-12 * scale;
                })
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void BackwardWithMultipliers_AllocatesNothing_Float32()
    {
        var (mlp, x, y) = NewMlp<float>();
        var (gpt, tokens, targets) = NewGpt<float>();
        float[] mm = [1, 0, 1, 1, 0.5f, 1], mg = [1, 0, 1];
        mlp.Forward(x, y, B);
        gpt.Forward(tokens, targets, 3, 5);
        mlp.Backward(1f, mm, GradientWrite.Overwrite); // first calls JIT-compile and size any lazily created scratch
        gpt.Backward(1f, mg);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 3; i++)
        {
            mlp.Backward(1f, mm);
            gpt.Backward(1f, mg);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Multipliers_OfTheWrongLength_AreRejected()
    {
        var (mlp, x, y) = NewMlp<double>();
        mlp.Forward(x, y, B);
        Assert.Throws<ArgumentException>(() => mlp.Backward(1.0, new double[B - 1]));
        var (gpt, tokens, targets) = NewGpt<double>();
        gpt.Forward(tokens, targets, 3, 5);
        Assert.Throws<ArgumentException>(() => gpt.Backward(1.0, new double[4]));
    }
}
