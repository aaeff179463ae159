using Stepwise.Engine.Layers;
using Stepwise.Engine.Reference;

namespace Stepwise.Engine.Tests.Layers;

public class ReluForwardTests
{
    /// <summary>relu(x) = max(x, 0) everywhere, as torch.relu: NaN stays NaN (a diverged run must not turn into zeros),
    /// −0 and negatives give +0, in the vector body and in the scalar tail of the float kernel and in float64.</summary>
    [Theory]
    [InlineData(37)]     // two vectors and a 5-element tail
    [InlineData(40_000)] // parallel chunks
    public void NaNPropagates_NegativesAndNegativeZeroGivePositiveZero(int n)
    {
        float[] z = new float[n];
        for (int i = 0; i < n; i++) z[i] = (i % 4) switch { 0 => float.NaN, 1 => -1.5f, 2 => -0f, _ => i };
        float[] a = new float[n];
        Activations.Forward(Activation.Relu, a, z);
        double[] zd = z.Select(v => (double)v).ToArray(), ad = new double[n];
        ActivationsReference<double>.Forward(Activation.Relu, ad, zd);
        for (int i = 0; i < n; i++)
        {
            switch (i % 4)
            {
                case 0:
                    Assert.True(float.IsNaN(a[i]) && double.IsNaN(ad[i]), $"relu(NaN) at {i}: {a[i]}, {ad[i]}");
                    break;
                case 1 or 2:
                    Assert.True(BitConverter.SingleToInt32Bits(a[i]) == 0 && BitConverter.DoubleToInt64Bits(ad[i]) == 0, $"relu({z[i]}) at {i}: {a[i]}, {ad[i]}");
                    break;
                default:
                    Assert.Equal(z[i], a[i]);
                    Assert.Equal(zd[i], ad[i]);
                    break;
            }
        }
    }
}
