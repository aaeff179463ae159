using Stepwise.Engine.Kernels;
using Stepwise.Engine.Layers;
using Stepwise.Engine.Models;
using Stepwise.Engine.Optim;

namespace Stepwise.Engine.Tests.Kernels;

/// <summary>Whole float32 training steps (GEMMs, attention, LayerNorm, GELU, softmax, optimizers, all above their
/// parallel thresholds) give bitwise identical weights for 1, 2 and 3 threads.</summary>
[Collection(nameof(EngineThreadsCollection))]
public class TrainingThreadsTests
{
    private static float[] TrainMlp(int threads)
    {
        EngineThreads.Count = threads;
        var model = new Mlp<float>(200, [256, 256], 10, Activation.Relu);
        model.Initialize(new Rng(3));
        var opt = new Sgd<float>(model.Params.Length, momentum: 0.9);
        var rng = new Rng(4);
        float[] x = new float[128 * 200];
        int[] y = new int[128];
        for (int step = 0; step < 3; step++)
        {
            for (int i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
            for (int i = 0; i < y.Length; i++) y[i] = (int)(rng.NextDouble() * 10);
            model.ZeroGrad();
            model.Forward(x, y, 128);
            model.Backward();
            opt.Step(model.Params, model.Grads, 0.05f);
        }
        return model.Params;
    }

    private static float[] TrainGpt(int threads)
    {
        EngineThreads.Count = threads;
        var model = new TinyGpt<float>(new TinyGptConfig(Vocab: 64, Context: 48, Layers: 2, Heads: 4, Channels: 64));
        model.Initialize(new Rng(5));
        var opt = new AdamW<float>(model.Params.Length);
        var rng = new Rng(6);
        int[] tokens = new int[4 * 48], targets = new int[4 * 48];
        for (int step = 0; step < 2; step++)
        {
            for (int i = 0; i < tokens.Length; i++) (tokens[i], targets[i]) = ((int)(rng.NextDouble() * 64), (int)(rng.NextDouble() * 64));
            model.ZeroGrad();
            model.Forward(tokens, targets, 4, 48);
            model.Backward();
            opt.Step(model.Params, model.Grads, 1e-3f);
        }
        return model.Params;
    }

    [Fact]
    public void MlpAndTinyGptSteps_AreBitwiseIdentical_For1To3Threads()
    {
        int saved = EngineThreads.Count;
        try
        {
            float[] mlp = TrainMlp(1), gpt = TrainGpt(1);
            foreach (int threads in new[] { 2, 3 })
            {
                Assert.True(TrainMlp(threads).AsSpan().SequenceEqual(mlp), $"MLP with {threads} threads");
                Assert.True(TrainGpt(threads).AsSpan().SequenceEqual(gpt), $"TinyGpt with {threads} threads");
            }
        }
        finally
        {
            EngineThreads.Count = saved;
        }
    }
}
