using FsCheck;
using FsCheck.Fluent;
using Stepwise.Scheduling;

namespace Stepwise.Tests.Scheduling;

/// <summary>Seed 004's first-epoch scheme: epoch ends always present, n even checkpoints in epoch 1, the min-interval filter.</summary>
public sealed class EpochSpacedScheduleProperties
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(400);

    /// <summary>Boundaries over a random run, with options whose min_interval comes from <paramref name="minInterval"/>.</summary>
    private static Arbitrary<(BoundariesCase B, EpochSpacedOptions O)> Cases(Func<long, Gen<long>> minInterval) =>
        (from t in ScheduleGenerators.RunLength()
         from b in BoundariesCase.For(t)
         from o in ScheduleGenerators.EpochSpacedOptions(b, minInterval(t))
         select (b, o)).ToArbitrary();

    private static long[] Steps(BoundariesCase b, EpochSpacedOptions o) =>
        new EpochSpacedSchedule(b.Build(), o).Enumerate().Select(s => s.Value).ToArray();

    [Fact]
    public void EveryEpochEndIsPresent() =>
        Prop.ForAll(Cases(t => Gen.Frequency((1, Gen.Constant(0L)), (2, Generators.Biased(1, t + 2)))), c =>
        {
            var schedule = new EpochSpacedSchedule(c.B.Build(), c.O);
            var steps = schedule.Enumerate().Select(s => s.Value).ToHashSet();
            foreach (long end in c.B.Ends())
            {
                if (!steps.Contains(end) || !schedule.Contains(new Step(end))) Assert.Fail($"{c}: epoch end {end} missing");
            }
        }).Check(Config);

    [Fact]
    public void FirstEpochHasExactlyNEvenCheckpointsWithoutMinInterval() =>
        Prop.ForAll(Cases(_ => Gen.Constant(0L)), c =>
        {
            long end1 = c.B.End(1);
            long n = c.O.FirstEpoch;
            long[] inEpoch1 = Steps(c.B, c.O).Where(s => s <= end1).ToArray();
            // n ≥ 2: floor(i·e₁/(n−1)) for i = 0..n−1, all distinct; n ≤ 1: only the epoch end.
            long[] expected = n >= 2
                ? Enumerable.Range(0, (int)n).Select(i => (long)((Int128)i * end1 / (n - 1))).ToArray()
                : [end1];
            if (n >= 2 && inEpoch1.Length != n) Assert.Fail($"{c}: {inEpoch1.Length} checkpoints in epoch 1, expected {n}");
            Assert.Equal(expected, inEpoch1);
            Assert.Equal(expected, new EpochSpacedSchedule(c.B.Build(), c.O).StepsInEpoch(1));
        }).Check(Config);

    [Fact]
    public void LaterEpochsStartWithTheirFirstStateWithoutMinInterval() =>
        Prop.ForAll(Cases(_ => Gen.Constant(0L)), c =>
        {
            var steps = Steps(c.B, c.O).ToHashSet();
            for (long e = 2; e <= c.B.EpochCount; e++)
            {
                long start = c.B.End(e - 1) + 1;
                if (!steps.Contains(start)) Assert.Fail($"{c}: first state {start} of epoch {e} missing");
            }
        }).Check(Config);

    [Fact]
    public void MinIntervalSeparatesKeptStepsExceptConsecutiveEpochEnds() =>
        Prop.ForAll(Cases(t => Generators.Biased(1, t + 2)), c =>
        {
            long m = c.O.MinInterval;
            var ends = c.B.Ends().ToHashSet();
            long[] kept = Steps(c.B, c.O);
            for (int i = 1; i < kept.Length; i++)
            {
                bool endAfterEnd = ends.Contains(kept[i]) && ends.Contains(kept[i - 1]);
                if (kept[i] - kept[i - 1] < m && !endAfterEnd)
                    Assert.Fail($"{c}: kept {kept[i - 1]} and {kept[i]} are closer than min_interval {m}");
            }
            // The filter only removes: what is kept was a checkpoint without it.
            var unfiltered = Steps(c.B, c.O with { MinInterval = 0 }).ToHashSet();
            foreach (long s in kept)
            {
                if (!unfiltered.Contains(s)) Assert.Fail($"{c}: {s} kept by the filter but not a checkpoint without it");
            }
        }).Check(Config);
}
