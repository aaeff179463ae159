using Stepwise;
using Stepwise.Planning;
using Stepwise.Scheduling;

namespace Stepwise.Benchmarks;

/// <summary>
/// `verify`: checks that every schedule's <see cref="Schedule.Count"/> (closed forms and overrides) equals the length of
/// its <see cref="Schedule.Enumerate"/> walk, on the benchmark fixtures and on random small runs, so that the numbers
/// benchmarked are also right.
/// </summary>
internal static class Verify
{
    public static int Run(int cases)
    {
        int failures = 0;
        foreach (ScheduleKind kind in Enum.GetValues<ScheduleKind>()) failures += Check($"fixture {kind}", Fixtures.Create(kind));
        foreach (PlanVariant variant in Enum.GetValues<PlanVariant>())
        {
            Plan plan = PlanBuilder.Build(Fixtures.Config(variant)).Plan!;
            failures += Check($"plan {variant} checkpoints", plan.Checkpoints);
            failures += Check($"plan {variant} evaluations", plan.Evaluations);
        }
        var rng = new Random(12345);
        for (int c = 0; c < cases; c++) failures += Check($"random case {c}", RandomUnion(rng));
        failures += _partFailures;
        Console.WriteLine(failures == 0 ? $"verify: Count() == Enumerate().Count() on all {cases} random cases and the fixtures" : $"verify: {failures} mismatches");
        return failures == 0 ? 0 : 1;
    }

    private static int Check(string name, Schedule s)
    {
        long counted = s.Count();
        long walked = s.Enumerate().LongCount();
        if (counted == walked) return 0;
        Console.WriteLine($"MISMATCH {name}: Count() = {counted}, Enumerate() = {walked} ({s.Description})");
        return 1;
    }

    private static int _partFailures;

    private static Schedule RandomUnion(Random rng)
    {
        long t = rng.NextInt64(1, 5_000);
        var last = new Step(t);
        EpochBoundaries epochs = rng.Next(2) == 0
            ? EpochBoundaries.Uniform(last, rng.NextInt64(1, t + 1))
            : EpochBoundaries.Proportional(last, rng.NextInt64(1, Math.Min(t, 300) + 1));
        var parts = new List<Schedule>();
        if (rng.Next(2) == 0) parts.Add(new EverySchedule(rng.NextInt64(1, t + 1), last));
        if (rng.Next(2) == 0) parts.Add(new DenseThenSparseSchedule(rng.NextInt64(1, 100), rng.NextInt64(0, t + 1), rng.NextInt64(1, t + 1), last));
        if (rng.Next(2) == 0) parts.Add(new LogSpacedSchedule(rng.NextInt64(1, t + 1), last));
        if (rng.Next(2) == 0) parts.Add(new ExplicitSchedule(Enumerable.Range(0, rng.Next(0, 20)).Select(_ => new Step(rng.NextInt64(0, t + 1))), last));
        if (rng.Next(2) == 0) parts.Add(new EpochEndSchedule(epochs, rng.NextInt64(1, 5)));
        for (int i = rng.Next(0, 3); i > 0; i--)
        {
            long states = epochs.End(1).Value + 1;
            double[] bases = [1.1, 1.5, 2.0, 3.0, 10.0];
            var options = new EpochSpacedOptions(rng.NextInt64(0, states + 1), rng.Next(2) == 0 ? Spacing.Log : Spacing.Linear,
                bases[rng.Next(bases.Length)], rng.Next(2) == 0 ? null : rng.NextInt64(1, 200), rng.Next(3) == 0 ? 0 : rng.NextInt64(0, 60));
            parts.Add(new EpochSpacedSchedule(epochs, options));
        }
        foreach (Schedule part in parts) _partFailures += Check($"random part (T = {t}, {epochs.EpochCount} epochs)", part);
        return new UnionSchedule(parts, last);
    }
}
