using System.Globalization;

namespace Stepwise.Fault.Tests;

/// <summary>The run every fault trial trains: a small digits MLP, a few hundred steps, a checkpoint every 20 steps.</summary>
internal static class FaultConfig
{
    // digits: 1,797 rows → val 359, train 1,438; batch 32 → 45 updates per epoch (partial last batch); T = 200.
    public const string Yaml = """
        name: fault
        seed: 7
        data: { source: digits, splits: { val: 0.2 } }
        model: { kind: mlp, hidden: [64] }
        optimizer: { kind: adamw, lr: 0.003 }
        lr_schedule: { kind: cosine, warmup_steps: 20 }
        batch: { size: 32 }
        duration: { max_steps: 200 }
        eval: { every: 50 }
        checkpoints: { every: 20 }
        log: { every: 10 }
        """;

    /// <summary>T.</summary>
    public const long TotalSteps = 200;

    /// <summary>The checkpoint interval.</summary>
    public const long Every = 20;

    /// <summary>Slow-write pauses per save: before each of the 4 files, the marker and the rename.</summary>
    public const int PausesPerSave = 6;

    /// <summary>STEPWISE_FULL=1: the full suite.</summary>
    public static bool Full => Environment.GetEnvironmentVariable("STEPWISE_FULL") == "1";

    /// <summary>Kill trials: STEPWISE_FAULT_TRIALS, else 200 with STEPWISE_FULL=1, else 20.</summary>
    public static int KillTrials => EnvInt("STEPWISE_FAULT_TRIALS") ?? (Full ? 200 : 20);

    /// <summary>The base seed of the random moments (STEPWISE_FAULT_SEED, else a fixed one so CI is repeatable).</summary>
    public static int Seed => EnvInt("STEPWISE_FAULT_SEED") ?? 20240601;

    /// <summary>An integer environment variable, or null.</summary>
    public static int? EnvInt(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : null;
}
