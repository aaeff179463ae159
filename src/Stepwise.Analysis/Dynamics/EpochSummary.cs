using Stepwise.Analysis.Dynamics.Statistics;

namespace Stepwise.Analysis.Dynamics;

/// <summary>
/// The aggregates of one scheduled epoch (training_summary.csv's row). Rates divide by the group's own size: training
/// passages for the memorization rate (seed 002 divides by both groups together), novel passages for the control's.
/// Perplexity means are over passages; the losses are token-weighted means over the group's targets.
/// </summary>
public sealed record EpochSummary
{
    /// <summary>The scheduled epoch.</summary>
    public required long Epoch { get; init; }
    /// <summary>Its plan step.</summary>
    public required long Step { get; init; }
    /// <summary>Training passages memorized (seed 002's rule).</summary>
    public required int NumMemorized { get; init; }
    /// <summary>NumMemorized / training passages.</summary>
    public required double MemorizationRate { get; init; }
    /// <summary>Novel passages "memorized" by the same rule (the control).</summary>
    public required int NovelMemorized { get; init; }
    /// <summary>NovelMemorized / novel passages.</summary>
    public required double NovelMemorizationRate { get; init; }
    /// <summary>Training passages reproduced exactly by the fixed-length rule.</summary>
    public required int NumExact { get; init; }
    /// <summary>NumExact / training passages.</summary>
    public required double ExactRate { get; init; }
    /// <summary>Novel passages reproduced exactly.</summary>
    public required int NovelExact { get; init; }
    /// <summary>NovelExact / novel passages.</summary>
    public required double NovelExactRate { get; init; }
    /// <summary>Mean and median accuracy (seed rule) over training passages.</summary>
    public required double MeanAccuracy { get; init; }
    /// <summary>Median accuracy (seed rule) over training passages.</summary>
    public required double MedianAccuracy { get; init; }
    /// <summary>Mean accuracy (seed rule) over novel passages.</summary>
    public required double NovelMeanAccuracy { get; init; }
    /// <summary>Mean fixed-length accuracy over training passages.</summary>
    public required double MeanAccuracyFixed { get; init; }
    /// <summary>Mean fixed-length accuracy over novel passages.</summary>
    public required double NovelMeanAccuracyFixed { get; init; }
    /// <summary>Perplexity: mean over training passages.</summary>
    public required double MeanTrainingPerplexity { get; init; }
    /// <summary>Perplexity: mean over novel passages.</summary>
    public required double MeanNovelPerplexity { get; init; }
    /// <summary>MeanNovelPerplexity − MeanTrainingPerplexity.</summary>
    public double PerplexityGap => MeanNovelPerplexity - MeanTrainingPerplexity;
    /// <summary>Perplexity: median over training passages.</summary>
    public required double MedianTrainingPerplexity { get; init; }
    /// <summary>Perplexity: median over novel passages.</summary>
    public required double MedianNovelPerplexity { get; init; }
    /// <summary>Token-weighted mean loss over training targets (nats).</summary>
    public required double TrainingLoss { get; init; }
    /// <summary>Token-weighted mean loss over novel targets (nats).</summary>
    public required double NovelLoss { get; init; }
    /// <summary>Precision of "memorized now" against "memorized at the last scheduled epoch" (training passages), or
    /// null when none is memorized now.</summary>
    public double? PrecisionVsFinal { get; init; }
    /// <summary>Recall of the same, or null when none is memorized at the last epoch.</summary>
    public double? RecallVsFinal { get; init; }

    /// <summary>The summary of <paramref name="m"/>; <paramref name="final"/> is the last scheduled epoch's measurement.</summary>
    public static EpochSummary Of(EpochMeasurement m, EpochMeasurement final)
    {
        ArgumentNullException.ThrowIfNull(m);
        ArgumentNullException.ThrowIfNull(final);
        var train = m.Passages.Where(p => p.Trained).ToList();
        var novel = m.Passages.Where(p => !p.Trained).ToList();
        var finalMemorized = final.Passages.Where(p => p.Trained && p.Memorized).Select(p => p.Index).ToHashSet();
        int tp = train.Count(p => p.Memorized && finalMemorized.Contains(p.Index));
        int predicted = train.Count(p => p.Memorized);
        return new EpochSummary
        {
            Epoch = m.Epoch,
            Step = m.Step,
            NumMemorized = predicted,
            MemorizationRate = Rate(predicted, train.Count),
            NovelMemorized = novel.Count(p => p.Memorized),
            NovelMemorizationRate = Rate(novel.Count(p => p.Memorized), novel.Count),
            NumExact = train.Count(p => p.Exact),
            ExactRate = Rate(train.Count(p => p.Exact), train.Count),
            NovelExact = novel.Count(p => p.Exact),
            NovelExactRate = Rate(novel.Count(p => p.Exact), novel.Count),
            MeanAccuracy = Mean(train.Select(p => p.Accuracy)),
            MedianAccuracy = Median(train.Select(p => p.Accuracy)),
            NovelMeanAccuracy = Mean(novel.Select(p => p.Accuracy)),
            MeanAccuracyFixed = Mean(train.Select(p => p.AccuracyFixed)),
            NovelMeanAccuracyFixed = Mean(novel.Select(p => p.AccuracyFixed)),
            MeanTrainingPerplexity = Mean(train.Select(p => p.Perplexity)),
            MeanNovelPerplexity = Mean(novel.Select(p => p.Perplexity)),
            MedianTrainingPerplexity = Median(train.Select(p => p.Perplexity)),
            MedianNovelPerplexity = Median(novel.Select(p => p.Perplexity)),
            TrainingLoss = TokenLoss(train),
            NovelLoss = TokenLoss(novel),
            PrecisionVsFinal = predicted == 0 ? null : (double)tp / predicted,
            RecallVsFinal = finalMemorized.Count == 0 ? null : (double)tp / finalMemorized.Count,
        };
    }

    private static double Rate(int count, int of) => of == 0 ? double.NaN : (double)count / of;

    /// <summary>The mean, in order (NaN when empty).</summary>
    internal static double Mean(IEnumerable<double> values)
    {
        double sum = 0;
        int n = 0;
        foreach (double v in values) { sum += v; n++; }
        return n == 0 ? double.NaN : sum / n;
    }

    /// <summary>The median (mean of the middle two for an even count; NaN when empty).</summary>
    internal static double Median(IEnumerable<double> values)
    {
        var s = values.Order().ToArray();
        if (s.Length == 0) return double.NaN;
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }

    /// <summary>Σ loss·(n − 1) / Σ (n − 1): the mean loss over every target of the group.</summary>
    private static double TokenLoss(IReadOnlyList<PassageMeasurement> group)
    {
        double sum = 0;
        long targets = 0;
        foreach (var p in group)
        {
            sum += p.Loss * (p.Tokens - 1);
            targets += p.Tokens - 1;
        }
        return targets == 0 ? double.NaN : sum / targets;
    }
}
