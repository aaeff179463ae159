namespace Stepwise.Training.Loop;

/// <summary>Where a run starts.</summary>
public enum ResumeKind
{
    /// <summary>At step 0 (a folder that already holds a run is refused unless it is to be replaced).</summary>
    None,

    /// <summary>From the newest valid checkpoint of the run folder, or at step 0 when it has none.</summary>
    Auto,

    /// <summary>From a given <c>checkpoint_step_N</c> folder.</summary>
    Checkpoint,

    /// <summary>From the checkpoint at the end of a given epoch.</summary>
    EpochEnd,
}
