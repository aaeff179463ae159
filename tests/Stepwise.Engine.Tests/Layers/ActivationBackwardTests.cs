using Stepwise.Engine.Layers;

namespace Stepwise.Engine.Tests.Layers;

public class ActivationBackwardTests
{
    [Theory]
    [InlineData(Activation.Relu, 40_000)]  // parallel chunks and a scalar tail
    [InlineData(Activation.Relu, 37)]
    [InlineData(Activation.Gelu, 1_001)]
    [InlineData(Activation.Tanh, 50)]
    [InlineData(Activation.Identity, 50)]
    public void Overwrite_IsBitwiseClearThenAccumulate(Activation kind, int n)
    {
        var rng = new Random(n);
        float[] z = new float[n], da = new float[n], garbage = new float[n];
        for (int i = 0; i < n; i++)
        {
            z[i] = (float)(rng.NextDouble() * 6 - 3);
            da[i] = (float)(rng.NextDouble() - 0.5);
            garbage[i] = (float)rng.NextDouble() + 1;
        }
        z[0] = 0f;
        float[] expected = new float[n];
        Activations.Backward(kind, expected, da, z);
        float[] actual = (float[])garbage.Clone();
        Activations.Backward(kind, actual, da, z, overwrite: true);
        Assert.True(expected.AsSpan().SequenceEqual(actual), $"{kind}: overwrite differs from clear + accumulate");
        float[] twice = (float[])expected.Clone();
        Activations.Backward(kind, twice, da, z);
        for (int i = 0; i < n; i++) Assert.Equal(expected[i] + expected[i], twice[i], 5);
    }
}
