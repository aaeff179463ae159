namespace Stepwise.Analysis.Pruning;

/// <summary>One stage × method (or baseline) over the repeats: each metric's mean ± std.</summary>
public sealed record PruneAggregate
{
    /// <summary>The method.</summary>
    public required PruneMethod Method { get; init; }

    /// <summary>The 1-based stage, or null for a baseline.</summary>
    public int? Stage { get; init; }

    /// <summary>The stage's window, or null.</summary>
    public StepWindow? Window { get; init; }

    /// <summary>Test accuracy.</summary>
    public required MeanStd TestAccuracy { get; init; }

    /// <summary>Test loss (nats).</summary>
    public required MeanStd TestLoss { get; init; }

    /// <summary>Noise recall among the pruned, or null.</summary>
    public MeanStd? NoiseRecall { get; init; }

    /// <summary>Noise precision among the pruned, or null.</summary>
    public MeanStd? NoisePrecision { get; init; }

    /// <summary>Discovery AUC, or null.</summary>
    public MeanStd? DiscoveryAuc { get; init; }

    /// <summary>Two-cluster F1, or null.</summary>
    public MeanStd? KMeansF1 { get; init; }

    /// <summary>Rank correlation with the previous stage, or null.</summary>
    public MeanStd? RankCorrelationPrevious { get; init; }

    /// <summary>The mean rank percentile of the flipped samples' scores (0 = lowest), or null.</summary>
    public MeanStd? NoisyRankPercentile { get; init; }

    /// <summary>The mean rank percentile of the clean samples' scores, or null.</summary>
    public MeanStd? CleanRankPercentile { get; init; }

    /// <summary>Aggregates <paramref name="rows"/> (one method and stage, any repeats).</summary>
    public static PruneAggregate Of(IReadOnlyList<PruneRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) throw new ArgumentException("no rows to aggregate", nameof(rows));
        return new PruneAggregate
        {
            Method = rows[0].Method,
            Stage = rows[0].Stage,
            Window = rows[0].Window,
            TestAccuracy = MeanStd.Of(rows.Select(r => (double?)r.TestAccuracy))!,
            TestLoss = MeanStd.Of(rows.Select(r => (double?)r.TestLoss))!,
            NoiseRecall = MeanStd.Of(rows.Select(r => r.NoiseRecall)),
            NoisePrecision = MeanStd.Of(rows.Select(r => r.NoisePrecision)),
            DiscoveryAuc = MeanStd.Of(rows.Select(r => r.DiscoveryAuc)),
            KMeansF1 = MeanStd.Of(rows.Select(r => r.KMeansF1)),
            RankCorrelationPrevious = MeanStd.Of(rows.Select(r => r.RankCorrelationPrevious)),
            NoisyRankPercentile = MeanStd.Of(rows.Select(r => r.Noisy?.Count > 0 ? r.Noisy.MeanRankPercentile : (double?)null)),
            CleanRankPercentile = MeanStd.Of(rows.Select(r => r.Clean?.Count > 0 ? r.Clean.MeanRankPercentile : (double?)null)),
        };
    }
}
