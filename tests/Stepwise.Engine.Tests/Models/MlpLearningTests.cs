using Stepwise.Engine.Layers;
using Stepwise.Engine.Models;
using Stepwise.Engine.Optim;

namespace Stepwise.Engine.Tests.Models;

public class MlpLearningTests
{
    private static (Mlp<float> Model, double TestAccuracy) TrainDigits(ulong seed, int steps = -1)
    {
        var (x, y) = TestData.Digits();
        int n = y.Length, d = 64;
        int[] order = Enumerable.Range(0, n).ToArray();
        new Rng(seed).Shuffle<int>(order);
        int nTest = 360, nTrain = n - nTest;
        var model = new Mlp<float>(d, [128], 10, Activation.Relu);
        var rng = new Rng(seed + 1);
        model.Initialize(rng);
        var opt = new Sgd<float>(model.Params.Length, momentum: 0.9);
        const int batch = 32;
        float[] xb = new float[batch * d];
        int[] yb = new int[batch];
        int[] trainIdx = order[..nTrain];
        int epochs = 30;
        int done = 0;
        for (int e = 0; e < epochs && done != steps; e++)
        {
            rng.Shuffle<int>(trainIdx);
            for (int s = 0; s + batch <= nTrain && done != steps; s += batch, done++)
            {
                for (int r = 0; r < batch; r++)
                {
                    int i = trainIdx[s + r];
                    x.AsSpan(i * d, d).CopyTo(xb.AsSpan(r * d, d));
                    yb[r] = y[i];
                }
                model.ZeroGrad();
                model.Forward(xb, yb, batch);
                model.Backward();
                opt.Step(model.Params, model.Grads, 0.05f);
            }
        }
        int correct = 0;
        float[] xt = new float[d];
        foreach (int i in order[nTrain..])
        {
            x.AsSpan(i * d, d).CopyTo(xt);
            var logits = model.Predict(xt, 1);
            int arg = 0;
            for (int c = 1; c < 10; c++) if (logits[c] > logits[arg]) arg = c;
            if (arg == y[i]) correct++;
        }
        return (model, (double)correct / nTest);
    }

    [Fact]
    public void Mlp_LearnsDigits_AtLeast95PercentTestAccuracy()
    {
        var (_, acc) = TrainDigits(seed: 0);
        Assert.True(acc >= 0.95, $"test accuracy {acc:P1}");
    }

    [Fact]
    public void Training_IsBitwiseReproducible_200Steps()
    {
        var (a, _) = TrainDigits(seed: 5, steps: 200);
        var (b, _) = TrainDigits(seed: 5, steps: 200);
        Assert.Equal(a.Params.Select(BitConverter.SingleToInt32Bits), b.Params.Select(BitConverter.SingleToInt32Bits));
        var (c, _) = TrainDigits(seed: 6, steps: 200);
        Assert.NotEqual(a.Params.Select(BitConverter.SingleToInt32Bits), c.Params.Select(BitConverter.SingleToInt32Bits));
    }
}
