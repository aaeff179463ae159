using BenchmarkDotNet.Attributes;
using Stepwise.Configuration;
using Stepwise.Planning;

namespace Stepwise.Benchmarks;

/// <summary>
/// Building the plan of a 3,000,000-step run (seed 001's geometry) from a <see cref="PlanConfig"/>:
/// <see cref="Build"/> is <see cref="PlanBuilder.Build"/> alone; <see cref="BuildAndEstimate"/> adds
/// <see cref="Plan.Estimates"/>, which counts every entry of the checkpoint and evaluation schedules (target ≤ 5 ms).
/// </summary>
[MemoryDiagnoser]
public class PlanBuildBenchmarks
{
    private PlanConfig _config = null!;

    [ParamsAllValues]
    public PlanVariant Variant { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _config = Fixtures.Config(Variant);
        if (!PlanBuilder.Build(_config).Success) throw new InvalidOperationException($"{Variant}: the config does not build");
    }

    [Benchmark]
    public object Build() => PlanBuilder.Build(_config);

    [Benchmark]
    public long BuildAndEstimate()
    {
        Plan plan = PlanBuilder.Build(_config).Plan!;
        PlanEstimates e = plan.Estimates();
        return e.CheckpointCount + e.EvaluationCount;
    }
}
