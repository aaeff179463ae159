namespace Stepwise.Configuration;

/// <summary>
/// The run's length: <see cref="Epochs"/>, or <see cref="MaxSteps"/> (overrides epochs when both are given), or a
/// <see cref="TimeBudget"/> with <see cref="StepTime"/>, or <see cref="Tokens"/> with <see cref="SeqLen"/>.
/// </summary>
public sealed record DurationConfig(
    TimeValue? Epochs = null,
    TimeValue? MaxSteps = null,
    TimeValue? TimeBudget = null,
    TimeValue? StepTime = null,
    TimeValue? Tokens = null,
    long? SeqLen = null);
