namespace Stepwise.Analysis.Pruning;

/// <summary>What an experiment is doing.</summary>
public enum PrunePhase
{
    /// <summary>Training a repeat's run once, on every sample, with influence recording.</summary>
    Training,

    /// <summary>Scoring every sample on every stage window (TIM or TracIn).</summary>
    Scoring,

    /// <summary>Retraining from the saved initial weights on the kept samples.</summary>
    Retraining,
}
