namespace Stepwise.Configuration;

/// <summary>The evaluation schedule's keys; the final step is evaluated when <see cref="Final"/> (default true).</summary>
public sealed record EvalConfig(
    TimeValue? Every = null,
    bool AtEpochEnd = false,
    long? EveryEpochs = null,
    IReadOnlyList<TimeValue>? At = null,
    bool Final = true);
