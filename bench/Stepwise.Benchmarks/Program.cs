using System.Diagnostics;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Stepwise.Benchmarks;
using Stepwise.Planning;
using Stepwise.Scheduling;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;

// `profile [iterations]`: a Stopwatch breakdown of plan building (which part of Build/Estimates is slow), no BenchmarkDotNet.
if (args.Length > 0 && args[0] == "profile")
{
    Profile.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20);
    return 0;
}

// `verify [cases]`: Count() equals the enumerated length, on the fixtures and on random small runs.
if (args.Length > 0 && args[0] == "verify")
{
    return Verify.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2_000);
}

// `micro [rounds] [kind…]`: Stopwatch A/B of Contains/Next, kinds interleaved, minimum over rounds.
if (args.Length > 0 && args[0] == "micro")
{
    int rounds = args.Length > 1 && int.TryParse(args[1], CultureInfo.InvariantCulture, out int n) ? n : 8;
    var kinds = args.Skip(2).Select(Enum.Parse<ScheduleKind>).ToList();
    Micro.Run(Math.Max(2, rounds), kinds.Count > 0 ? kinds : Enum.GetValues<ScheduleKind>());
    return 0;
}

// `--summary FILE` (ours, removed before BenchmarkDotNet sees the arguments): also write the results-vs-targets table there.
string? summaryFile = null;
int at = Array.IndexOf(args, "--summary");
if (at >= 0 && at + 1 < args.Length)
{
    summaryFile = args[at + 1];
    args = [.. args[..at], .. args[(at + 2)..]];
}

IEnumerable<Summary> summaries = BenchmarkSwitcher.FromAssembly(typeof(ScheduleBenchmarks).Assembly).Run(args, DefaultConfig.Instance);
string table = Targets.Table(summaries);
Console.WriteLine();
Console.WriteLine(table);
if (summaryFile is not null) File.WriteAllText(summaryFile, table);
return 0;

/// <summary>The issue's targets, and the results-vs-targets table.</summary>
internal static class Targets
{
    public const double ScheduleCallNs = 20;
    public const double PlanNs = 5_000_000;

    public static string Table(IEnumerable<Summary> summaries)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| Benchmark | Case | Mean | Target | Result |");
        sb.AppendLine("|---|---|---:|---:|---|");
        foreach (BenchmarkReport r in summaries.SelectMany(s => s.Reports))
        {
            string method = r.BenchmarkCase.Descriptor.WorkloadMethod.Name;
            string type = r.BenchmarkCase.Descriptor.Type.Name;
            string param = string.Join(", ", r.BenchmarkCase.Parameters.Items.Select(p => p.Value?.ToString()));
            double? mean = r.ResultStatistics?.Mean;
            double? target = type == nameof(ScheduleBenchmarks) ? ScheduleCallNs
                : method == nameof(PlanBuildBenchmarks.BuildAndEstimate) ? PlanNs : null;
            string verdict = mean is null ? "no result" : target is null ? "(info)" : mean <= target ? "pass" : "FAIL";
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {type.Replace("Benchmarks", "", StringComparison.Ordinal)}.{method} | {param} | {Format(mean)} | {(target is null ? "—" : "≤ " + Format(target))} | {verdict} |");
        }
        return sb.ToString();
    }

    private static string Format(double? ns) => ns switch
    {
        null => "—",
        >= 1_000_000 => (ns.Value / 1_000_000).ToString("0.00", CultureInfo.InvariantCulture) + " ms",
        >= 1_000 => (ns.Value / 1_000).ToString("0.0", CultureInfo.InvariantCulture) + " µs",
        _ => ns.Value.ToString("0.0", CultureInfo.InvariantCulture) + " ns",
    };
}

/// <summary>Where plan building spends its time: a Stopwatch loop over Build, Estimates and each schedule part's Count().</summary>
internal static class Profile
{
    public static void Run(int iterations)
    {
        foreach (PlanVariant variant in Enum.GetValues<PlanVariant>())
        {
            var config = Fixtures.Config(variant);
            Plan plan = PlanBuilder.Build(config).Plan!;
            Console.WriteLine($"{variant}: {plan.Checkpoints.Count()} checkpoints, {plan.Evaluations.Count()} evaluations");
            Time("  PlanBuilder.Build", iterations, () => PlanBuilder.Build(config));
            Time("  plan.Estimates()", iterations, () => plan.Estimates());
            Time("  Build + Estimates", iterations, () => PlanBuilder.Build(config).Plan!.Estimates());
            foreach (var (name, schedule) in new[] { ("checkpoints", plan.Checkpoints), ("evaluations", plan.Evaluations) })
            {
                Time($"  {name}.Count() (union)", iterations, () => schedule.Count());
                if (schedule is not UnionSchedule u) continue;
                foreach (Schedule part in u.Parts)
                {
                    long n = part.Count();
                    Time($"    {part.GetType().Name} ({n} entries).Count()", iterations, () => part.Count());
                }
            }
        }
    }

    private static void Time(string label, int iterations, Func<object> action)
    {
        // Warm up past tiered compilation (30 calls, then a background re-JIT): at least 50 calls and 300 ms.
        long w0 = Stopwatch.GetTimestamp();
        for (int i = 0; i < 50 || Stopwatch.GetElapsedTime(w0).TotalMilliseconds < 300; i++) action();
        var times = new double[iterations];
        for (int i = 0; i < iterations; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            action();
            times[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        }
        Array.Sort(times);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label,-58} median {times[iterations / 2],9:0.000} ms   min {times[0],9:0.000} ms"));
    }
}
