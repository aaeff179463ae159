namespace Stepwise.Training.Loop;

/// <summary>How a call to <see cref="Trainer.Run"/> ended (the CLI maps it to exit codes 0 and 3).</summary>
public enum TrainOutcome
{
    /// <summary>Trained to the plan's final step.</summary>
    Completed,
    /// <summary>The run folder's newest valid checkpoint already is the final step; verified, nothing changed.</summary>
    AlreadyComplete,
    /// <summary>Stopped on a signal or time limit after writing a checkpoint; resumable (exit 3).</summary>
    Stopped,
}
