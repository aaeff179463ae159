using Stepwise.Training.Checkpoints;

namespace Stepwise.Training.Loop;

/// <summary>How to run a <see cref="Setup.RunSetup"/>: the run folder, where to start, limits and overrides.</summary>
public sealed record TrainerOptions
{
    /// <summary>The run folder (created if missing).</summary>
    public required string RunDirectory { get; init; }

    /// <summary>Where to start.</summary>
    public ResumeMode Resume { get; init; } = ResumeMode.None;

    /// <summary>Resume even when data, geometry, model, optimizer or seed differ from the checkpoint's.</summary>
    public bool Force { get; init; }

    /// <summary>For a fresh start into a folder that holds a run: remove that run's files first (Hugging Face's
    /// <c>overwrite_output_dir</c>); without it such a start is refused.</summary>
    public bool Overwrite { get; init; }

    /// <summary>How long to wait for another writer of the run folder to finish (zero: refuse at once).</summary>
    public TimeSpan WaitLock { get; init; }

    /// <summary>Stop cleanly (checkpoint, exit 3) before this much wall time has passed, or null.</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>Stop cleanly (checkpoint, exit 3) before this UTC moment, or null: a scheduler's end of allocation
    /// (Slurm's <c>SLURM_JOB_END_TIME</c>). With <see cref="TimeLimit"/> too, the earlier one applies.</summary>
    public DateTime? Deadline { get; init; }

    /// <summary>The UTC moment <see cref="TimeLimit"/> counts from, or null for the start of the training loop.</summary>
    public DateTime? TimeLimitOrigin { get; init; }

    /// <summary>Set from signal handlers; checked after every update.</summary>
    public StopSignal Stop { get; init; } = new();

    /// <summary>Progress and diagnostics.</summary>
    public ITrainObserver? Observer { get; init; }

    /// <summary>Hooks called after every update (influence recording and the like); none by default.</summary>
    public IReadOnlyList<IUpdateHook> Hooks { get; init; } = [];

    /// <summary>Engine threads, or null for the config's <c>threads</c>, else the processor count (see
    /// <see cref="Setup.ThreadCount"/>; recorded in checkpoints, results do not depend on it).</summary>
    public int? Threads { get; init; }

    /// <summary>Fault injection for the checkpoint writes (the fault suite); null in production.</summary>
    public ICheckpointFaults? Faults { get; init; }

    /// <summary>Wall-clock seconds between flushes of the logs and run.json (also flushed at every evaluation and
    /// checkpoint); flushing never changes the files' bytes.</summary>
    public double FlushSeconds { get; init; } = 2;
}
