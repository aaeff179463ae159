namespace Stepwise.Analysis.Pruning;

/// <summary>
/// Which stage of a scoring method is best by one metric (highest mean over the repeats, compared to 12 decimals; ties
/// to the earlier stage), the
/// runner-up, and whether the gap between them exceeds the spread: gap &gt; the larger of their two standard
/// deviations. With one repeat there is no spread and <see cref="Separated"/> is null.
/// </summary>
/// <param name="Method">TIM or TracIn.</param>
/// <param name="Metric">The metric's name: <c>test_accuracy</c> or <c>noise_recall</c>.</param>
/// <param name="Stage">The best stage (1-based).</param>
/// <param name="Value">Its mean ± std.</param>
/// <param name="RunnerUp">The second-best stage, or null with one stage.</param>
/// <param name="RunnerUpValue">Its mean ± std, or null.</param>
/// <param name="Separated">Whether the gap exceeds the spread; null with one repeat or one stage.</param>
public sealed record BestStage(PruneMethod Method, string Metric, int Stage, MeanStd Value, int? RunnerUp, MeanStd? RunnerUpValue, bool? Separated)
{
    /// <summary>The gap between the best and the runner-up's means, or null.</summary>
    public double? Gap => RunnerUpValue is { } r ? Value.Mean - r.Mean : null;

    /// <summary>The larger standard deviation of the two, or null.</summary>
    public double? Spread => RunnerUpValue is { Std: { } b } && Value.Std is { } a ? Math.Max(a, b) : null;

    /// <summary>The best stage of <paramref name="method"/> among <paramref name="aggregates"/> by <paramref name="metric"/>;
    /// null when no stage has the metric.</summary>
    public static BestStage? Of(PruneMethod method, string metric, IEnumerable<PruneAggregate> aggregates, Func<PruneAggregate, MeanStd?> value)
    {
        ArgumentNullException.ThrowIfNull(aggregates);
        ArgumentNullException.ThrowIfNull(value);
        // means equal but for the last bits of their float sums are a tie
        var ranked = aggregates.Where(a => a.Method == method && a.Stage is not null && value(a) is not null)
            .OrderByDescending(a => Math.Round(value(a)!.Mean, 12)).ThenBy(a => a.Stage).ToList();
        if (ranked.Count == 0) return null;
        var best = ranked[0];
        var second = ranked.Count > 1 ? ranked[1] : null;
        var v = value(best)!;
        var r = second is null ? null : value(second);
        bool? separated = r is { Std: { } sb } && v.Std is { } sa ? v.Mean - r.Mean > Math.Max(sa, sb) : null;
        return new BestStage(method, metric, best.Stage!.Value, v, second?.Stage, r, separated);
    }
}
