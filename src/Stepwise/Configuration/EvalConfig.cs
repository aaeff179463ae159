namespace Stepwise.Configuration;

/// <summary>The evaluation schedule's keys, the same algebra as checkpoints: every N, dense-then-sparse
/// (<see cref="DenseUntil"/>/<see cref="DenseEvery"/>), log-spaced, at epoch ends, every k epochs, a list; the final step
/// is evaluated when <see cref="Final"/> (default true).</summary>
public sealed record EvalConfig(
    TimeValue? Every = null,
    bool AtEpochEnd = false,
    long? EveryEpochs = null,
    IReadOnlyList<TimeValue>? At = null,
    bool Final = true,
    TimeValue? DenseUntil = null,
    TimeValue? DenseEvery = null,
    bool LogSpaced = false);
