using Stepwise.Engine.Kernels;

namespace Stepwise.Engine.Tests.Kernels;

/// <summary>The parallel elementwise passes against the scalar expressions they document, bit for bit, for lengths
/// around the vector width and the chunk size and for 1 to 4 threads.</summary>
[Collection(nameof(EngineThreadsCollection))]
public class VectorKernelsTests
{
    public static TheoryData<int> Lengths() => new() { 0, 1, 7, 15, 16, 17, 65_535, 65_536, 65_537, 200_003 };

    [Theory]
    [MemberData(nameof(Lengths))]
    public void EachPass_EqualsItsScalarExpression_Bitwise_ForAnyThreadCount(int n)
    {
        var rng = new Random(n + 1);
        double[] xd = Enumerable.Range(0, n).Select(i => (rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-40, 40))).ToArray();
        float[] xf = Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() - 0.5) * 1e3f).ToArray();
        double[] y0 = Enumerable.Range(0, n).Select(_ => rng.NextDouble() - 0.5).ToArray();
        if (n > 3) (xd[0], xd[1], xd[2]) = (1e300, -1e-320, double.NaN);   // overflow to ∞, a subnormal, NaN
        const double a = -0.0123456789;
        int saved = EngineThreads.Count;
        try
        {
            foreach (int threads in new[] { 1, 2, 3, 4 })
            {
                EngineThreads.Count = threads;
                float[] copy = new float[n];
                VectorKernels.Copy(xf, copy);
                Assert.Equal(xf, copy);

                float[] narrow = new float[n];
                VectorKernels.Narrow(xd, narrow);
                for (int i = 0; i < n; i++) Assert.Equal(BitConverter.SingleToInt32Bits((float)xd[i]), BitConverter.SingleToInt32Bits(narrow[i]));

                double[] widened = (double[])y0.Clone(), product = new double[n], fused = (double[])y0.Clone(), apart = new double[n];
                VectorKernels.AddWidened(xf, widened);
                VectorKernels.Multiply(xd, a, product);
                VectorKernels.MultiplyAdd(xd, a, fused, fused);   // in place, as the adjoints use it
                VectorKernels.MultiplyAdd(xd, a, y0, apart);
                for (int i = 0; i < n; i++)
                {
                    Assert.Equal(BitConverter.DoubleToInt64Bits(y0[i] + xf[i]), BitConverter.DoubleToInt64Bits(widened[i]));
                    Assert.Equal(BitConverter.DoubleToInt64Bits(xd[i] * a), BitConverter.DoubleToInt64Bits(product[i]));
                    double p = xd[i] * a;   // rounded, then added: no fused multiply-add
                    Assert.Equal(BitConverter.DoubleToInt64Bits(p + y0[i]), BitConverter.DoubleToInt64Bits(fused[i]));
                    Assert.Equal(BitConverter.DoubleToInt64Bits(p + y0[i]), BitConverter.DoubleToInt64Bits(apart[i]));
                }
            }
        }
        finally
        {
            EngineThreads.Count = saved;
        }
    }

    [Fact]
    public void DifferentLengths_AreRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => VectorKernels.Narrow(new double[3], new float[2]));
        Assert.Contains("(3 and 2)", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => VectorKernels.AddWidened(new float[2], new double[3]));
    }
}
