namespace Stepwise.Analysis.Pruning;

/// <summary>How a pruning experiment chooses the samples it removes (docs/influence.md, "The pruning experiment").</summary>
public enum PruneMethod
{
    /// <summary>The lowest TIM scores of a stage window (<see cref="Influence.InfluenceMethod.Tim"/>).</summary>
    Tim,

    /// <summary>The lowest TracIn scores of a stage window (<see cref="Influence.InfluenceMethod.TracIn"/>).</summary>
    TracIn,

    /// <summary>The same count drawn uniformly at random (a seeded stream of the repeat's seed); no stage.</summary>
    Random,

    /// <summary>Exactly the samples whose labels the noise flipped: the upper bound; no stage.</summary>
    Oracle,

    /// <summary>Nothing pruned: the run trained once on every sample; no stage.</summary>
    None,
}
