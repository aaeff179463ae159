using FsCheck;
using FsCheck.Fluent;
using Stepwise.Training.Cluster;

namespace Stepwise.Training.Tests.Cluster;

/// <summary>The grace period: ceil(2 × update + 1.5 × evaluation + 1.5 × save + 20 s), at least 30 s.</summary>
public sealed class GracePeriodTests
{
    private static TimingFigures F(double step, double eval, double save) => new(new(step, "s"), new(eval, "e"), new(save, "v"));

    [Theory]
    [InlineData(12, 20, 3, 79)]       // 24 + 30 + 4.5 + 20 = 78.5 → 79
    [InlineData(0.0003, 0.007, 0.03, 30)] // the minimum
    [InlineData(5, 0, 0, 30)]          // exactly 30
    [InlineData(100, 100, 100, 520)]
    public void The_rule(double step, double eval, double save, long seconds)
    {
        var g = GracePeriod.FromFigures(F(step, eval, save));
        Assert.Equal(seconds, g.Seconds);
        Assert.Contains("update", g.Explain(), StringComparison.Ordinal);
    }

    [Fact]
    public void It_never_shrinks_when_a_figure_grows() =>
        Prop.ForAll((from x in Gen.Choose(0, 100_000) from y in Gen.Choose(0, 100_000) from z in Gen.Choose(0, 100_000) select (Item1: x, Item2: y, Item3: z)).ToArbitrary(), Gen.Choose(0, 3).ToArbitrary(), Gen.Choose(1, 10_000).ToArbitrary(), (xs, which, more) =>
        {
            var (a, b, c) = (xs.Item1 / 100.0, xs.Item2 / 100.0, xs.Item3 / 100.0);
            long g = GracePeriod.FromFigures(F(a, b, c)).Seconds;
            double d = more / 100.0;
            long h = GracePeriod.FromFigures(which switch { 0 => F(a + d, b, c), 1 => F(a, b + d, c), _ => F(a, b, c + d) }).Seconds;
            Assert.True(h >= g, $"{g} → {h}");
            Assert.True(g >= GracePeriod.MinimumSeconds);
            Assert.True(g >= 2 * a + 1.5 * b + 1.5 * c + GracePeriod.SlackSeconds - 1e-9);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Huge_or_bad_figures()
    {
        Assert.Equal(GracePeriod.MaximumSeconds + 1, GracePeriod.FromFigures(F(1e12, 0, 0)).Seconds); // refused later, with the job
        Assert.Throws<ArgumentOutOfRangeException>(() => GracePeriod.FromFigures(F(double.NaN, 0, 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => GracePeriod.FromFigures(F(1, -1, 0)));
        Assert.Equal("grace 90 s (given with --grace)", GracePeriod.Given(90).Explain());
    }

    [Fact]
    public void The_slowest_of_several_figures_wins_each_with_its_source()
    {
        var max = TimingFigures.Max([F(1, 5, 0.1), new(new(2, "two"), new(1, "one"), new(0.3, "slow save"))]);
        Assert.Equal((2.0, "two"), (max.Step.Seconds, max.Step.Source));
        Assert.Equal((5.0, "e"), (max.Evaluation.Seconds, max.Evaluation.Source));
        Assert.Equal((0.3, "slow save"), (max.Save.Seconds, max.Save.Source));
    }
}
