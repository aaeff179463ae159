using System.Runtime.Intrinsics;
using Stepwise.Engine.Kernels;

namespace Stepwise.Engine.Tests.Kernels;

public class RowOpsTests
{
    [Fact]
    public void Exp_IsWithin3UlpOfFloat64_OnItsRange()
    {
        var rng = new Random(1);
        float[] xs = new float[4096];
        for (int i = 0; i < xs.Length; i++) xs[i] = (float)(rng.NextDouble() * 175 - 87);
        xs[0] = 0f;
        xs[1] = -1e-8f;
        xs[2] = 88f;
        for (int i = 0; i < xs.Length; i += 16)
        {
            Vector512<float> e = RowOps.Exp(Vector512.Create(xs.AsSpan(i, 16)));
            for (int l = 0; l < 16; l++)
            {
                double expected = Math.Exp(xs[i + l]);
                double relative = Math.Abs(e.GetElement(l) - expected) / expected;
                Assert.True(relative <= 3 * Math.Pow(2, -23), $"exp({xs[i + l]}) = {e.GetElement(l)}, expected {expected}");
            }
        }
    }

    [Fact]
    public void Exp_OverflowsToInfinity_UnderflowsToZero_KeepsNaN()
    {
        Assert.Equal(0f, RowOps.Exp(Vector512.Create(float.NegativeInfinity)).GetElement(0));
        Assert.Equal(0f, RowOps.Exp(Vector512.Create(-100f)).GetElement(0));
        Assert.Equal(float.PositiveInfinity, RowOps.Exp(Vector512.Create(1000f)).GetElement(0));
        Assert.True(float.IsNaN(RowOps.Exp(Vector512.Create(float.NaN)).GetElement(0)));
    }
}
