using FsCheck;
using FsCheck.Fluent;

namespace Stepwise.Tests;

/// <summary>EpochBoundaries, uniform (ends min(e·U, T)) and proportional (ends floor(e·T/E)).</summary>
public sealed class EpochBoundariesProperties
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(400);

    private static void CheckEpoch(BoundariesCase c, EpochBoundaries b, long e)
    {
        Step end = b.End(e);
        Step start = b.Start(e);
        if (end.Value != c.End(e)) Assert.Fail($"{c}: End({e}) = {end}, expected {c.End(e)}");
        if (b.EpochOf(end) != e) Assert.Fail($"{c}: EpochOf(End({e}) = {end}) = {b.EpochOf(end)}");
        if (b.EpochOf(start) != e) Assert.Fail($"{c}: EpochOf(Start({e}) = {start}) = {b.EpochOf(start)}");
        long expectedStart = e == 1 ? 0 : c.End(e - 1) + 1;
        if (start.Value != expectedStart) Assert.Fail($"{c}: Start({e}) = {start}, expected {expectedStart}");
        if (e > 1 && b.End(e - 1) >= end) Assert.Fail($"{c}: ends not increasing at epoch {e}: {b.End(e - 1)}, {end}");
    }

    [Fact]
    public void EveryEpochRoundTripsOnShortRuns() =>
        Prop.ForAll(Generators.Biased(1, 5_000).SelectMany(BoundariesCase.For).ToArbitrary(), c =>
        {
            EpochBoundaries b = c.Build();
            Assert.Equal(c.EpochCount, b.EpochCount);
            Assert.Equal(c.Proportional, b.IsProportional);
            for (long e = 1; e <= b.EpochCount; e++) CheckEpoch(c, b, e);
            Assert.Equal(c.T, b.End(b.EpochCount).Value);
            Assert.Equal(c.Ends().Select(s => new Step(s)), b.Ends());
            // Every state lies in the span of the epoch EpochOf names.
            for (long s = 0; s <= c.T; s++)
            {
                long e = b.EpochOf(new Step(s));
                if (s < b.Start(e).Value || s > b.End(e).Value) Assert.Fail($"{c}: state {s} is not in epoch {e} = [{b.Start(e)}, {b.End(e)}]");
            }
        }).Check(Config);

    [Fact]
    public void SampledEpochsRoundTripOnLongRuns() =>
        Prop.ForAll(
            (from t in Generators.LongIn(1, long.MaxValue)
             from c in BoundariesCase.For(t)
             from picks in Gen.ArrayOf(Generators.LongIn(1, c.EpochCount), 8)
             select (Case: c, Picks: picks)).ToArbitrary(),
            x =>
            {
                BoundariesCase c = x.Case;
                EpochBoundaries b = c.Build();
                Assert.Equal(c.EpochCount, b.EpochCount);
                Assert.Equal(c.T, b.End(b.EpochCount).Value);
                foreach (long e in x.Picks.Append(1).Append(b.EpochCount)) CheckEpoch(c, b, e);
            }).Check(Config);
}
