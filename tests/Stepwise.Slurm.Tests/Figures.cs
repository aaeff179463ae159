using System.Globalization;

namespace Stepwise.Slurm.Tests;

/// <summary>Run sizes: the default suite budgets for one signal → checkpoint → requeue cycle, STEPWISE_FULL=1 for two.</summary>
internal static class Figures
{
    /// <summary>STEPWISE_FULL=1: the full suite.</summary>
    public static bool Full => Environment.GetEnvironmentVariable("STEPWISE_FULL") == "1";

    /// <summary>
    /// Milliseconds each checkpoint write pauses per file (the fault host's STEPWISE_FAULTHOST_SLOW_MS, six pauses per save)
    /// in the Slurm job only: 100 checkpoints then take ≈ 48 s whatever the machine's speed, so the run outlasts the
    /// first allocation's signal for sure (it comes 10..40 s into a 1-minute job with a 20 s grace: Slurm checks its
    /// timers every 30 s), and a second allocation (or a third) finishes it. The reference run is not slowed; the bytes
    /// do not depend on it.
    /// </summary>
    public const int SlowCheckpointMs = 80;

    /// <summary>T: 2,000 updates and 100 checkpoints (≈ 48 s of writes: ≥ 2 allocations); 4,000 and 200 (≈ 96 s: ≥ 3) with STEPWISE_FULL=1.</summary>
    public static long TotalSteps => Full ? 4000 : 2000;

    /// <summary>The fewest allocations the run must have used.</summary>
    public static int MinAllocations => Full ? 3 : 2;

    /// <summary>How long to wait for the job.</summary>
    public static TimeSpan JobTimeout => TimeSpan.FromMinutes(Full ? 12 : 7);

    /// <summary>The requeue test's config: the digits MLP with AdamW and a cosine schedule, a checkpoint every 20 steps.</summary>
    public static string RequeueYaml => string.Create(CultureInfo.InvariantCulture, $$"""
        name: requeue
        seed: 11
        data: { source: digits, splits: { val: 0.2 } }
        model: { kind: mlp, hidden: [32] }
        optimizer: { kind: adamw, lr: 0.003 }
        lr_schedule: { kind: cosine, warmup_steps: 20 }
        batch: { size: 32 }
        duration: { max_steps: {{TotalSteps}} }
        eval: { every: 500 }
        checkpoints: { every: 20 }
        log: { every: 10 }
        """);
}
