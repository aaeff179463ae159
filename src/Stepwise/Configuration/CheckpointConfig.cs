using Stepwise.Scheduling;

namespace Stepwise.Configuration;

/// <summary>The checkpoint schedule's keys (docs/config.md). Absent keys add nothing; the final step is saved when
/// <see cref="SaveFinal"/> (default true).</summary>
public sealed record CheckpointConfig(
    TimeValue? Every = null,
    TimeValue? DenseUntil = null,
    TimeValue? DenseEvery = null,
    long? FirstEpoch = null,
    Spacing? Spacing = null,
    decimal LogBase = 2m,
    TimeValue? LinearInterval = null,
    TimeValue? MinInterval = null,
    bool EpochEnds = false,
    long? EveryEpochs = null,
    IReadOnlyList<TimeValue>? At = null,
    bool LogSpaced = false,
    bool SaveFinal = true,
    long? KeepLast = null);
