using Stepwise.Engine.Layers;
using Stepwise.Engine.Models;
using Stepwise.Engine.Reference;

namespace Stepwise.Engine.Tests.Layers;

/// <summary>Targets and tokens outside their range, negative ones included, are argument errors naming the value (the
/// build checks arithmetic, so a cast of a negative index to uint would throw an overflow instead).</summary>
public class OutOfRangeInputTests
{
    [Theory]
    [InlineData(-2)]
    [InlineData(3)]
    public void CrossEntropy_TargetOutsideTheClasses_IsOutOfRange(int target)
    {
        int[] y = [0, target];
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => SoftmaxCrossEntropy.Forward(new float[6], new float[2], new float[6], y, 2, 3));
        Assert.Equal(target, e.ActualValue);
        Assert.Throws<ArgumentOutOfRangeException>(() => SoftmaxCrossEntropyReference<double>.Forward(new double[6], new double[2], new double[6], y, 2, 3));
    }

    [Theory]
    [InlineData(-3)]
    [InlineData(7)]
    public void TinyGpt_TokenOutsideTheVocabulary_IsOutOfRange(int token)
    {
        var model = new TinyGpt<float>(new TinyGptConfig(Vocab: 7, Context: 4, Layers: 1, Heads: 1, Channels: 4));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => model.Forward([1, token], ReadOnlySpan<int>.Empty, 1, 2));
        Assert.Equal(token, e.ActualValue);
    }
}
