using FsCheck;
using FsCheck.Fluent;

namespace Stepwise.Tests.Core;

/// <summary>Points and lengths: a point plus a length is a point, a point minus a point is a length.</summary>
public class StepTests
{
    private static Arbitrary<long> NonNegative => Gen.Choose(0, int.MaxValue).Select(i => (long)i * 3).ToArbitrary();

    [Fact]
    public void A_point_plus_a_length_minus_the_point_is_the_length()
    {
        Prop.ForAll(NonNegative, NonNegative, (a, n) =>
        {
            var step = new Step(a);
            var later = step + new StepCount(n);
            return later.Value == a + n && (later - step).Value == n && later >= step && later.Plus(new StepCount(0)) == later;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Steps_order_as_their_update_counts()
    {
        Prop.ForAll(NonNegative, NonNegative, (a, b) =>
            (new Step(a) < new Step(b)) == (a < b) && new Step(a).CompareTo(new Step(b)) == a.CompareTo(b)).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Negative_values_and_overflow_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Step(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StepCount(-1));
        Assert.Throws<OverflowException>(() => new Step(long.MaxValue) + new StepCount(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Step(3) - new Step(5));
    }

    [Fact]
    public void Zero_is_the_default_and_text_is_invariant()
    {
        Assert.Equal(Step.Zero, default);
        Assert.Equal("1234567", new Step(1234567).ToString());
        Assert.Equal("12st", new StepCount(12).ToString());
    }
}
