namespace Stepwise.Training.Runs;

/// <summary>The state of a run folder, as <c>run.json</c> records it.</summary>
public enum RunStatus
{
    /// <summary>A writer is training it (or was killed while training it).</summary>
    Running,

    /// <summary>Trained to the plan's final step.</summary>
    Completed,

    /// <summary>Stopped cleanly at a checkpoint (signal or time limit); resumable.</summary>
    Stopped,

    /// <summary>Ended by a write or checkpoint fault; resumable from its last valid checkpoint.</summary>
    Failed,
}
