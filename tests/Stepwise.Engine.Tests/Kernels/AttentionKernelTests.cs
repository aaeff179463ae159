using Stepwise.Engine.Layers;
using Stepwise.Engine.Reference;

namespace Stepwise.Engine.Tests.Kernels;

/// <summary>The float32 attention kernels (GEMM tasks, padded row softmax) against the generic float64 loops.</summary>
public class AttentionKernelTests
{
    [Theory]
    [InlineData(2, 21, 24, 3)]
    [InlineData(1, 48, 64, 4)]
    [InlineData(3, 17, 16, 2)]
    [InlineData(1, 1, 8, 1)]
    public void Float32_MatchesFloat64_ForwardAndBackward(int batch, int time, int channels, int heads)
    {
        var rng = new Random(batch * 1000 + time);
        int n = batch * time;
        double[] qkv = Enumerable.Range(0, n * 3 * channels).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        double[] dout = Enumerable.Range(0, n * channels).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        double[] outD = new double[n * channels], attD = new double[batch * heads * time * time], dqkvD = new double[n * 3 * channels];
        CausalSelfAttentionReference<double>.Forward(outD, attD, qkv, batch, time, channels, heads);
        CausalSelfAttentionReference<double>.Backward(dqkvD, dout, qkv, attD, batch, time, channels, heads);
        float[] qkvF = qkv.Select(x => (float)x).ToArray(), doutF = dout.Select(x => (float)x).ToArray();
        float[] outF = new float[outD.Length], attF = Enumerable.Repeat(float.NaN, attD.Length).ToArray(), dqkvF = new float[dqkvD.Length];
        CausalSelfAttention.Forward(outF, attF, qkvF, batch, time, channels, heads);
        CausalSelfAttention.Backward(dqkvF, doutF, qkvF, attF, batch, time, channels, heads);
        AssertClose(outD, outF, "out");
        AssertClose(attD, attF, "att");
        AssertClose(dqkvD, dqkvF, "dqkv");
    }

    private static void AssertClose(double[] expected, float[] actual, string what)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            if (!(Math.Abs(expected[i] - actual[i]) <= 1e-5 + 1e-5 * Math.Abs(expected[i]))) Assert.Fail($"{what}[{i}]: {actual[i]} vs {expected[i]}");
        }
    }
}
