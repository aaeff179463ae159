using Stepwise.Training.Checkpoints;
using Stepwise.Training.Loop;

namespace Stepwise.Analysis.Dynamics;

/// <summary>Where and how to run a prepared experiment (the trainer's options, for both the pretraining and the
/// experiment run).</summary>
public sealed record DynamicsRequest
{
    /// <summary>The experiment's run folder.</summary>
    public required string RunDirectory { get; init; }
    /// <summary>Fresh, <c>--resume auto</c> or <c>--resume-from-epoch E</c>.</summary>
    public ResumeMode Resume { get; init; } = ResumeMode.None;
    /// <summary>Replace a run already in the folder (its files and the experiment's outputs).</summary>
    public bool Overwrite { get; init; }
    /// <summary>Resume even when the checkpoint's identity differs.</summary>
    public bool Force { get; init; }
    /// <summary>Stop cleanly before this much wall time since <see cref="TimeLimitOrigin"/>.</summary>
    public TimeSpan? TimeLimit { get; init; }
    /// <summary>When the command started.</summary>
    public DateTime? TimeLimitOrigin { get; init; }
    /// <summary>How long to wait for another writer of the folder.</summary>
    public TimeSpan WaitLock { get; init; }
    /// <summary>Set by signal handlers.</summary>
    public StopSignal Stop { get; init; } = new();
    /// <summary>Progress and diagnostics (the measurements' lines go to its <see cref="ITrainObserver.Message"/>).</summary>
    public ITrainObserver? Observer { get; init; }
    /// <summary>Engine threads, or null for the config's.</summary>
    public int? Threads { get; init; }
    /// <summary>Checkpoint-write faults (tests), or null.</summary>
    public ICheckpointFaults? Faults { get; init; }
}
