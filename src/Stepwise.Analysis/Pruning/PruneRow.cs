namespace Stepwise.Analysis.Pruning;

/// <summary>
/// One retrained run of an experiment (one stage × method × repeat, or a baseline of a repeat): what was pruned, the
/// run's test metrics, and for the scoring methods how well the window's scores find the flipped labels. Null fields do
/// not apply (no noise, a baseline without scores, the first stage's correlation).
/// </summary>
public sealed record PruneRow
{
    /// <summary>The repeat, 0-based.</summary>
    public required int Repeat { get; init; }

    /// <summary>The repeat's seed (data split, noise, initialization, sampler).</summary>
    public required ulong Seed { get; init; }

    /// <summary>How the samples were chosen.</summary>
    public required PruneMethod Method { get; init; }

    /// <summary>The 1-based stage for TIM and TracIn; null for random, oracle and none.</summary>
    public int? Stage { get; init; }

    /// <summary>The stage's window of updates of the run trained once; null for the baselines.</summary>
    public StepWindow? Window { get; init; }

    /// <summary>The run folder, relative to the experiment's folder ("." for none: the run trained once).</summary>
    public required string Run { get; init; }

    /// <summary>The pruned train rows (of the run trained once), ascending.</summary>
    public required IReadOnlyList<long> Pruned { get; init; }

    /// <summary>Train samples the run trained on.</summary>
    public required long TrainSamples { get; init; }

    /// <summary>Its plan's steps per epoch (re-derived for the kept samples).</summary>
    public required long StepsPerEpoch { get; init; }

    /// <summary>Its plan's total steps T.</summary>
    public required long TotalSteps { get; init; }

    /// <summary>Accuracy on the test split at the run's final step (0..1).</summary>
    public required double TestAccuracy { get; init; }

    /// <summary>Mean cross-entropy on the test split at the final step (nats).</summary>
    public required double TestLoss { get; init; }

    /// <summary>Share of the flipped labels among the pruned (of all flipped); null without noise or for none.</summary>
    public double? NoiseRecall { get; init; }

    /// <summary>Share of flipped labels among the pruned; null without noise or for none.</summary>
    public double? NoisePrecision { get; init; }

    /// <summary>Area under the discovery curve of the window's scores (<see cref="NoiseDetection.DiscoveryAuc"/>).</summary>
    public double? DiscoveryAuc { get; init; }

    /// <summary>F1 of the two-cluster split of the window's scores (<see cref="NoiseDetection.KMeansF1"/>).</summary>
    public double? KMeansF1 { get; init; }

    /// <summary>Spearman's ρ of the window's scores with the previous stage's (same method), over the samples both read.</summary>
    public double? RankCorrelationPrevious { get; init; }

    /// <summary>The window's scores of the flipped samples.</summary>
    public ScoreGroup? Noisy { get; init; }

    /// <summary>The window's scores of the clean samples.</summary>
    public ScoreGroup? Clean { get; init; }
}
