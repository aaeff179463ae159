namespace Stepwise.Configuration;

/// <summary>How big an epoch is: give exactly one of train size, steps per epoch, samples per epoch,
/// records × samples per record, or an epoch duration (with <c>duration.step_time</c>).</summary>
public sealed record EpochSizeConfig(
    long? TrainSize = null,
    long? StepsPerEpoch = null,
    long? SamplesPerEpoch = null,
    long? Records = null,
    long? SamplesPerRecord = null,
    TimeValue? EpochTime = null,
    long? UniqueSamples = null);
