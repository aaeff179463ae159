namespace Stepwise.Training.Tests.Checkpoints;

/// <summary>Tests that set process-wide environment variables run alone, after the parallel ones.</summary>
[CollectionDefinition(nameof(EnvironmentVariableCollection), DisableParallelization = true)]
public sealed class EnvironmentVariableCollection;
