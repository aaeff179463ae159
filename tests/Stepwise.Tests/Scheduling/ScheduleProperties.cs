using FsCheck;
using FsCheck.Fluent;
using Stepwise.Scheduling;

namespace Stepwise.Tests.Scheduling;

/// <summary>
/// Properties every schedule must have, over every kind and unions of random kinds: the enumeration is sorted,
/// unique and within [0, T]; Contains, Next, First and Count agree with it (and with a naive oracle where the kind has one).
/// </summary>
public sealed class ScheduleProperties
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(400);

    [Fact]
    public void EveryKindAgreesWithItsEnumeration() =>
        Prop.ForAll(ScheduleGenerators.AnySchedule().ToArbitrary(), CheckInvariants).Check(Config);

    [Fact]
    public void UnionsAgreeWithTheirEnumeration() =>
        Prop.ForAll(ScheduleGenerators.RunLength().SelectMany(ScheduleGenerators.Union).ToArbitrary(), CheckInvariants).Check(Config);

    [Fact]
    public void FirstEpochSchedulesAgreeWithTheirEnumeration() =>
        Prop.ForAll(ScheduleGenerators.RunLength().SelectMany(ScheduleGenerators.FirstEpoch).ToArbitrary(), CheckInvariants).Check(Config);

    [Fact]
    public void CheckerRejectsABrokenSchedule()
    {
        // The invariant checker itself must be able to fail: a schedule whose Next skips an element it contains.
        var broken = new ScheduleCase("SkippingNext", new SkippingNextSchedule(new Step(10)), s => s % 2 == 0);
        Assert.ThrowsAny<Exception>(() => CheckInvariants(broken));
    }

    internal static void CheckInvariants(ScheduleCase c)
    {
        Schedule schedule = c.Schedule;
        long t = c.T;
        var list = schedule.Enumerate().Take(checked((int)t + 2)).Select(s => s.Value).ToList();
        if (list.Count > t + 1) Assert.Fail($"{c}: enumeration has more than T + 1 = {t + 1} elements");
        for (int i = 0; i < list.Count; i++)
        {
            if (list[i] < 0 || list[i] > t) Assert.Fail($"{c}: element {list[i]} outside [0, {t}]");
            if (i > 0 && list[i - 1] >= list[i]) Assert.Fail($"{c}: enumeration not strictly increasing at {list[i - 1]}, {list[i]}");
        }
        if (schedule.Count() != list.Count) Assert.Fail($"{c}: Count() = {schedule.Count()}, enumeration has {list.Count}");
        Step? first = list.Count == 0 ? null : new Step(list[0]);
        if (schedule.First() != first) Assert.Fail($"{c}: First() = {schedule.First()}, expected {first}");

        var members = list.ToHashSet();
        int next = 0; // index of the least element > step
        for (long step = 0; step <= t; step++)
        {
            bool expected = members.Contains(step);
            if (schedule.Contains(new Step(step)) != expected) Assert.Fail($"{c}: Contains({step}) = {!expected}, enumeration says {expected}");
            if (c.Oracle is { } oracle && oracle(step) != expected) Assert.Fail($"{c}: step {step} enumerated = {expected}, definition says {!expected}");
            while (next < list.Count && list[next] <= step) next++;
            Step? expectedNext = next < list.Count ? new Step(list[next]) : null;
            Step? actualNext = schedule.Next(new Step(step));
            if (actualNext != expectedNext) Assert.Fail($"{c}: Next({step}) = {actualNext?.ToString() ?? "null"}, expected {expectedNext?.ToString() ?? "null"}");
        }
        if (schedule.Contains(new Step(t + 1))) Assert.Fail($"{c}: contains T + 1");
    }

    /// <summary>Even steps, but Next jumps over one of them: the checker must notice.</summary>
    private sealed class SkippingNextSchedule(Step last) : Schedule(last)
    {
        public override string Description => "broken";
        protected override bool ContainsCore(long step) => step % 2 == 0;
        protected override long NextCore(long step) => step == 3 ? 6 : step + (step % 2 == 0 ? 2 : 1);
    }
}
