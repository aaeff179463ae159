using System.Diagnostics;
using System.Globalization;
using Stepwise.Scheduling;

namespace Stepwise.Benchmarks;

/// <summary>
/// <c>micro [rounds] [kind…]</c>: a Stopwatch A/B check of <see cref="Schedule.Contains"/>/<see cref="Schedule.Next"/>
/// for the given kinds (default all), the same four access patterns as <see cref="ScheduleBenchmarks"/>. Kinds are
/// interleaved round by round and the minimum over rounds is printed, so that on a loaded machine two kinds are compared
/// under the same load; BenchmarkDotNet remains the measurement of record.
/// </summary>
public static class Micro
{
    private const int Calls = 4_096;
    private const int Repeats = 500;

    public static void Run(int rounds, IReadOnlyList<ScheduleKind> kinds)
    {
        var rng = new Random(42);
        var random = new Step[Calls];
        for (int i = 0; i < Calls; i++) random[i] = new Step(rng.NextInt64(0, Fixtures.TotalSteps + 1));
        var schedules = kinds.Select(Fixtures.Create).ToArray();
        var best = new double[kinds.Count, 4];
        for (int k = 0; k < kinds.Count; k++) for (int m = 0; m < 4; m++) best[k, m] = double.MaxValue;
        long sink = 0;
        for (int r = 0; r < rounds; r++)
        {
            for (int k = 0; k < kinds.Count; k++)
            {
                Schedule s = schedules[k];
                for (int m = 0; m < 4; m++)
                {
                    long start = 0;
                    Step walk = Step.Zero;
                    var sw = Stopwatch.StartNew();
                    for (int rep = 0; rep < Repeats; rep++)
                    {
                        switch (m)
                        {
                            case 0:
                                foreach (Step x in random) if (s.Contains(x)) sink++;
                                break;
                            case 1:
                                if (start + Calls > Fixtures.TotalSteps) start = 0;
                                for (long t = start; t < start + Calls; t++) if (s.Contains(new Step(t))) sink++;
                                start += Calls;
                                break;
                            case 2:
                                foreach (Step x in random) sink += s.Next(x)?.Value ?? 0;
                                break;
                            default:
                                for (int i = 0; i < Calls; i++) { walk = s.Next(walk) ?? Step.Zero; sink += walk.Value; }
                                break;
                        }
                    }
                    double ns = sw.Elapsed.TotalNanoseconds / ((double)Repeats * Calls);
                    if (r > 0) best[k, m] = Math.Min(best[k, m], ns); // round 0 warms up (tier-1 JIT)
                }
            }
        }
        Console.WriteLine($"min ns per call over {rounds - 1} rounds (sink {sink % 10})");
        Console.WriteLine("| Kind | Contains, random | Contains, sequential | Next, random | Next, walk |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        for (int k = 0; k < kinds.Count; k++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {kinds[k]} | {best[k, 0]:0.0} | {best[k, 1]:0.0} | {best[k, 2]:0.0} | {best[k, 3]:0.0} |"));
        }
    }
}
