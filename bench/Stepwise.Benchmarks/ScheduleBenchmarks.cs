using BenchmarkDotNet.Attributes;
using Stepwise;
using Stepwise.Scheduling;

namespace Stepwise.Benchmarks;

/// <summary>
/// Per-call cost of <see cref="Schedule.Contains"/> and <see cref="Schedule.Next"/> on a 3,000,000-step run.
/// Every benchmark method makes <see cref="Ops"/> calls and folds the answers into its return value, so nothing is
/// constant-folded; BenchmarkDotNet divides by OperationsPerInvoke, so Mean is ns per call.
/// Random: 4,096 pre-generated uniform steps in [0, T]. Sequential: consecutive steps, resuming where the previous
/// invocation stopped (a trainer asking "checkpoint now?" after each update). Walk: s = Next(s), wrapping to 0 at the end
/// (a trainer or <c>Enumerate</c> jumping from one scheduled step to the next).
/// </summary>
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
public class ScheduleBenchmarks
{
    public const int Ops = 4_096;

    private Schedule _schedule = null!;
    private Step[] _random = null!;
    private long _sequential;
    private Step _walk;

    [ParamsAllValues]
    public ScheduleKind Kind { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _schedule = Fixtures.Create(Kind);
        var rng = new Random(42);
        _random = new Step[Ops];
        for (int i = 0; i < Ops; i++) _random[i] = new Step(rng.NextInt64(0, Fixtures.TotalSteps + 1));
        _sequential = 0;
        _walk = Step.Zero;
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Contains")]
    public int ContainsRandom()
    {
        Schedule s = _schedule;
        Step[] steps = _random;
        int hits = 0;
        for (int i = 0; i < steps.Length; i++)
        {
            if (s.Contains(steps[i])) hits++;
        }
        return hits;
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Contains")]
    public int ContainsSequential()
    {
        Schedule s = _schedule;
        long start = _sequential;
        if (start + Ops > Fixtures.TotalSteps) start = 0;
        int hits = 0;
        for (long t = start; t < start + Ops; t++)
        {
            if (s.Contains(new Step(t))) hits++;
        }
        _sequential = start + Ops;
        return hits;
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Next")]
    public long NextRandom()
    {
        Schedule s = _schedule;
        Step[] steps = _random;
        long sum = 0;
        for (int i = 0; i < steps.Length; i++)
        {
            if (s.Next(steps[i]) is { } n) sum += n.Value;
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Next")]
    public long NextWalk()
    {
        Schedule s = _schedule;
        Step cur = _walk;
        long sum = 0;
        for (int i = 0; i < Ops; i++)
        {
            cur = s.Next(cur) ?? Step.Zero;
            sum += cur.Value;
        }
        _walk = cur;
        return sum;
    }
}
