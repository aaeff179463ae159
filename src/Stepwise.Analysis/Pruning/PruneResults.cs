namespace Stepwise.Analysis.Pruning;

/// <summary>
/// What a pruning experiment found (<c>prune_results.json</c>): its settings, the plan of the runs trained once and of
/// the retrained ones, each repeat's seed and flipped rows, one <see cref="PruneRow"/> per retrained run, and over the
/// repeats the mean ± std of every stage × method with the best stages. A stopped experiment holds the rows finished so
/// far; continuing it adds the rest, and the completed results equal an uninterrupted experiment's.
/// </summary>
public sealed class PruneResults
{
    private IReadOnlyList<PruneAggregate>? _aggregates;

    /// <summary>The settings.</summary>
    public required PruneSettings Settings { get; init; }

    /// <summary>Why the experiment stopped before it finished, or null when it completed.</summary>
    public string? StopReason { get; init; }

    /// <summary>Whether every run of every repeat is done.</summary>
    public bool Completed => StopReason is null;

    /// <summary>The plan of a run trained once (repeat 0's; every repeat has the same numbers).</summary>
    public required PruneGeometry Trained { get; init; }

    /// <summary>The plan re-derived for the kept samples (N − k) of a TIM, TracIn or random run.</summary>
    public required PruneGeometry Retrained { get; init; }

    /// <summary>k, the samples every TIM, TracIn and random run prunes.</summary>
    public required long PruneCount { get; init; }

    /// <summary>The seeds of the repeats started, in order.</summary>
    public required IReadOnlyList<ulong> Seeds { get; init; }

    /// <summary>Each started repeat's flipped train rows (ascending).</summary>
    public required IReadOnlyList<IReadOnlyList<long>> Noisy { get; init; }

    /// <summary>The retrained runs in table order: repeat, then stage by stage the scoring methods, then random,
    /// oracle, none.</summary>
    public required IReadOnlyList<PruneRow> Rows { get; init; }

    /// <summary>Every stage × method and baseline over the repeats, in table order.</summary>
    public IReadOnlyList<PruneAggregate> Aggregates => _aggregates ??= Rows
        .GroupBy(r => (r.Stage, r.Method))
        .OrderBy(g => g.Key.Stage ?? int.MaxValue).ThenBy(g => PruneNames.Order.ToList().IndexOf(g.Key.Method))
        .Select(g => PruneAggregate.Of([.. g])).ToList();

    /// <summary>For each scoring method, the best stage by test accuracy and by noise recall.</summary>
    public IReadOnlyList<BestStage> Best => [.. Settings.Scorers.SelectMany(m => new[]
    {
        BestStage.Of(m, "test_accuracy", Aggregates, a => a.TestAccuracy),
        BestStage.Of(m, "noise_recall", Aggregates, a => a.NoiseRecall),
    }).OfType<BestStage>()];

    /// <summary>The aggregate of <paramref name="method"/> at <paramref name="stage"/> (null for a baseline), or null.</summary>
    public PruneAggregate? Aggregate(PruneMethod method, int? stage = null) => Aggregates.FirstOrDefault(a => a.Method == method && a.Stage == stage);
}
