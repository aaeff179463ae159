using Stepwise.Training.Setup;

namespace Stepwise.Training.Loop;

/// <summary>How to run a <see cref="RunSetup"/>: the run folder, where to start, limits and overrides.</summary>
public sealed record TrainerOptions
{
    /// <summary>The run folder (created if missing).</summary>
    public required string RunDirectory { get; init; }

    /// <summary>Where to start.</summary>
    public ResumeMode Resume { get; init; } = ResumeMode.None;

    /// <summary>Resume even when data, geometry, model, optimizer or seed differ from the checkpoint's.</summary>
    public bool Force { get; init; }

    /// <summary>Stop cleanly (checkpoint, exit 3) before this much wall time has passed, or null.</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>The UTC moment <see cref="TimeLimit"/> counts from, or null for the start of the training loop.</summary>
    public DateTime? TimeLimitOrigin { get; init; }

    /// <summary>Set from signal handlers; checked after every update.</summary>
    public StopSignal Stop { get; init; } = new();

    /// <summary>Progress and diagnostics.</summary>
    public ITrainObserver? Observer { get; init; }

    /// <summary>Engine threads actually used (recorded in checkpoints).</summary>
    public int Threads { get; init; } = 1;
}
