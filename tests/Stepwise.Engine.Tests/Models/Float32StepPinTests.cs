using System.Runtime.Intrinsics.X86;
using Stepwise.Engine.Layers;
using Stepwise.Engine.Models;
using Stepwise.Engine.Optim;
using Xunit.Abstractions;

namespace Stepwise.Engine.Tests.Models;

/// <summary>
/// Pins float32 training results bit for bit: a few SGD updates of MLPs and TinyGpts (two micro-batches each, so the
/// first backward after ZeroGrad and an accumulating one both run) and their per-sample dots, hashed over the float
/// bits. The values were recorded before the float32 and float64 paths were separated (engine at c4475f9); a change
/// here means float32 training no longer computes what it did. Parameters are drawn from <see cref="Rng.NextDouble"/>
/// (pure arithmetic, no libm), and only ReLU/GELU (the engine's own exp) run, so the bits do not depend on the C
/// library. The AVX-512 and AVX2 GEMM kernels give the same bits; the scalar fallback does not, so without AVX2 + FMA
/// the test says so and passes.
/// </summary>
public sealed class Float32StepPinTests(ITestOutputHelper output)
{
    private static bool Vectorized => Avx512F.IsSupported || (Avx2.IsSupported && Fma.IsSupported);

    [Theory]
    [InlineData(64, new[] { 48, 32 }, Activation.Relu, 0.01, 0x0AAC5A33D99C7C9CUL)]
    [InlineData(64, new[] { 40 }, Activation.Gelu, 0.0, 0x845BDACC55D491F2UL)]
    [InlineData(64, new int[0], Activation.Identity, 0.05, 0x321D8C0A04F5011CUL)]
    [InlineData(784, new[] { 96 }, Activation.Relu, 0.0, 0xE16007A29AAA090EUL)] // depth 784 > KC: blocked depth
    public void Mlp_SgdSteps_AreBitwiseUnchanged(int inputs, int[] hidden, Activation activation, double l2, ulong expected)
    {
        if (!Vectorized)
        {
            output.WriteLine("skipped: no AVX2 + FMA, the scalar GEMM fallback rounds differently");
            return;
        }
        int D = inputs;
        const int C = 10, B = 37;
        var model = new Mlp<float>(D, hidden, C, activation, l2);
        var rng = new Rng(17);
        for (int i = 0; i < model.Params.Length; i++) model.Params[i] = (float)((rng.NextDouble() * 2 - 1) * 0.3);
        var opt = new Sgd<float>(model.Params.Length, momentum: 0.9);
        float[] x = new float[B * D];
        int[] y = new int[B];
        float[] u = Enumerable.Range(0, model.Params.Length).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        float[] dots = new float[B];
        ulong hash = Fnv.Offset;
        for (int step = 0; step < 3; step++)
        {
            model.ZeroGrad();
            for (int micro = 0; micro < 2; micro++)
            {
                for (int i = 0; i < x.Length; i++) x[i] = (float)rng.NextDouble();
                for (int i = 0; i < B; i++) y[i] = (int)rng.NextLong(C);
                float loss = micro == 0 ? model.Forward(x, y, B) : model.ForwardNoCopy(x, y, B);
                model.Backward(0.5f);
                hash = Fnv.Add(hash, loss);
            }
            model.PerSampleDot(u, dots);
            hash = Fnv.Add(hash, dots);
            opt.Step(model.Params, model.Grads, 0.1f);
        }
        hash = Fnv.Add(hash, model.Params);
        output.WriteLine($"hash 0x{hash:X16}");
        Assert.Equal(expected, hash);
    }

    [Theory]
    [InlineData(true, 16, 32, 11, 0.0, 0xE741ACC2EBC0D423UL)]
    [InlineData(false, 16, 32, 16, 0.1, 0x3CE20B39B2436851UL)]
    [InlineData(true, 80, 64, 70, 0.0, 0xEA25043452382BD9UL)] // attention rows in two blocks of 64
    public void TinyGpt_SgdSteps_AreBitwiseUnchanged(bool tie, int context, int channels, int time, double dropout, ulong expected)
    {
        if (!Vectorized)
        {
            output.WriteLine("skipped: no AVX2 + FMA, the scalar GEMM fallback rounds differently");
            return;
        }
        var cfg = new TinyGptConfig(Vocab: 29, Context: context, Layers: 2, Heads: 2, Channels: channels, Dropout: dropout, TieWeights: tie);
        var model = new TinyGpt<float>(cfg);
        var rng = new Rng(23);
        for (int i = 0; i < model.Params.Length; i++) model.Params[i] = (float)((rng.NextDouble() * 2 - 1) * 0.2);
        foreach (var view in model.Layout.Views.Where(v => v.Name.Contains("ln") && v.Name.EndsWith(".weight", StringComparison.Ordinal)))
        {
            foreach (ref float w in view.Of(model.Params)) w += 1f;
        }
        model.DropoutRng = new Rng(5);
        var opt = new Sgd<float>(model.Params.Length, momentum: 0.9);
        const int B = 3;
        int[] tokens = new int[B * time], targets = new int[B * time];
        float[] u = Enumerable.Range(0, model.Params.Length).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        float[] dots = new float[B];
        ulong hash = Fnv.Offset;
        for (int step = 0; step < 3; step++)
        {
            model.ZeroGrad();
            for (int micro = 0; micro < 2; micro++)
            {
                for (int i = 0; i < tokens.Length; i++) (tokens[i], targets[i]) = ((int)rng.NextLong(cfg.Vocab), (int)rng.NextLong(cfg.Vocab));
                targets[1] = -1;
                targets[time + 2] = -1;
                float loss = model.Forward(tokens, targets, B, time);
                model.Backward(0.5f);
                hash = Fnv.Add(hash, loss);
            }
            model.PerSampleDot(u, dots);
            hash = Fnv.Add(hash, dots);
            opt.Step(model.Params, model.Grads, 0.05f);
        }
        hash = Fnv.Add(hash, model.Params);
        output.WriteLine($"hash 0x{hash:X16}");
        Assert.Equal(expected, hash);
    }

    /// <summary>FNV-1a over the bits of float values.</summary>
    private static class Fnv
    {
        public const ulong Offset = 0xCBF29CE484222325UL;

        public static ulong Add(ulong hash, float value)
        {
            uint bits = BitConverter.SingleToUInt32Bits(value);
            for (int i = 0; i < 4; i++)
            {
                hash ^= (bits >> (8 * i)) & 0xFF;
                hash = unchecked(hash * 0x100000001B3UL);
            }
            return hash;
        }

        public static ulong Add(ulong hash, ReadOnlySpan<float> values)
        {
            foreach (float v in values) hash = Add(hash, v);
            return hash;
        }
    }
}
