using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Stepwise.Scheduling;

namespace Stepwise.Tests.Scheduling;

/// <summary>Generators of every schedule kind (and unions of them) over random runs.</summary>
internal static class ScheduleGenerators
{
    /// <summary>A run length T in 1..5000, small values over-represented.</summary>
    public static Gen<long> RunLength() => Generators.Biased(1, 5000, small: 12);

    /// <summary>Any schedule kind, or a union of 0–4 of them, over a random run.</summary>
    public static Gen<ScheduleCase> AnySchedule() =>
        from t in RunLength()
        from c in Gen.Frequency((6, Basic(t)), (2, Union(t)))
        select c;

    /// <summary>One non-union schedule over a run of <paramref name="t"/> updates.</summary>
    public static Gen<ScheduleCase> Basic(long t) =>
        Gen.OneOf(Every(t), DenseThenSparse(t), LogSpaced(t), Explicit(t), EpochEnd(t), FirstEpoch(t));

    public static Gen<ScheduleCase> Every(long t) =>
        Generators.Biased(1, t + 10).Select(n => new ScheduleCase(
            $"Every({n})", new EverySchedule(n, new Step(t)), s => s > 0 && s % n == 0));

    public static Gen<ScheduleCase> DenseThenSparse(long t) =>
        from denseEvery in Generators.Biased(1, t + 5)
        from denseUntil in Generators.Biased(0, t + 10)
        from every in Generators.Biased(1, t + 10)
        select new ScheduleCase(
            $"DenseThenSparse(denseEvery={denseEvery}, denseUntil={denseUntil}, every={every})",
            new DenseThenSparseSchedule(denseEvery, denseUntil, every, new Step(t)),
            s => s > 0 && (s <= denseUntil ? s % denseEvery == 0 : s % every == 0));

    public static Gen<ScheduleCase> LogSpaced(long t) =>
        Generators.Biased(1, t + 10).Select(every =>
        {
            // 0, the powers of two below `every`, and the multiples of `every`, built by listing them.
            var members = new HashSet<long> { 0 };
            for (long p = 1; p < every && p <= t; p *= 2) members.Add(p);
            for (long m = every; m <= t; m += every) members.Add(m);
            return new ScheduleCase($"LogSpaced({every})", new LogSpacedSchedule(every, new Step(t)), members.Contains);
        });

    public static Gen<ScheduleCase> Explicit(long t) =>
        Gen.ListOf(Generators.LongIn(0, t + 20)).Select(list =>
        {
            var members = list.Where(s => s <= t).ToHashSet();
            string text = string.Join(",", list.Select(s => s.ToString(CultureInfo.InvariantCulture)));
            return new ScheduleCase($"Explicit([{text}])", new ExplicitSchedule(list.Select(s => new Step(s)), new Step(t)), members.Contains);
        });

    public static Gen<ScheduleCase> EpochEnd(long t) =>
        from b in BoundariesCase.For(t)
        from k in Generators.LongIn(1, 5)
        select EpochEndCase(b, k);

    private static ScheduleCase EpochEndCase(BoundariesCase b, long k)
    {
        var members = new HashSet<long>();
        for (long e = k; e <= b.EpochCount; e += k) members.Add(b.End(e));
        return new ScheduleCase($"EpochEnd({b}, every {k} epochs)", new EpochEndSchedule(b.Build(), k), members.Contains);
    }

    /// <summary>Valid first-epoch options for <paramref name="b"/>, min_interval included.</summary>
    public static Gen<EpochSpacedOptions> EpochSpacedOptions(BoundariesCase b, Gen<long> minInterval)
    {
        long states = b.End(1) + 1;
        return from n in Gen.Frequency((3, Generators.Biased(0, states, small: 8)), (1, Gen.Constant(states)))
               from spacing in Gen.Elements(Spacing.Linear, Spacing.Log)
               from logBase in Gen.Frequency(
                   (2, Gen.Elements(1.5, 2.0, 2.5, 3.0, 10.0)),
                   (3, Gen.Choose(1001, 4000).Select(x => x / 1000.0)))
               from linear in Gen.Frequency(
                   (1, Gen.Constant<long?>(null)),
                   (2, Generators.Biased(1, b.T + 5).Select(i => (long?)i)))
               from m in minInterval
               select new EpochSpacedOptions(n, spacing, logBase, linear, m);
    }

    public static Gen<ScheduleCase> FirstEpoch(long t) =>
        from b in BoundariesCase.For(t)
        from o in EpochSpacedOptions(b, Gen.Frequency((1, Gen.Constant(0L)), (1, Generators.Biased(1, t + 2))))
        select FirstEpochCase(b, o);

    private static ScheduleCase FirstEpochCase(BoundariesCase b, EpochSpacedOptions o)
    {
        HashSet<long> members = EpochSpacedReference.Steps(b, o);
        return new ScheduleCase($"FirstEpoch({b}, {o})", new EpochSpacedSchedule(b.Build(), o), members.Contains);
    }

    public static Gen<ScheduleCase> Union(long t) =>
        from n in Gen.Choose(0, 4)
        from parts in Gen.ListOf(Basic(t), n)
        select new ScheduleCase(
            $"Union[{string.Join(" | ", parts)}]",
            new UnionSchedule(parts.Select(p => p.Schedule), new Step(t)),
            // Membership of a union: any part's (naive oracle where the part has one, else the part itself).
            s => parts.Any(p => p.Oracle is { } o ? o(s) : p.Schedule.Contains(new Step(s))));
}
