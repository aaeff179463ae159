namespace Stepwise.Analysis.Pruning;

/// <summary>
/// Where an experiment keeps its runs and files (docs/influence.md). The output folder is repeat 0's run trained once,
/// an ordinary run folder that <c>stepwise report</c> and <c>evaluate</c> open; beside its run files it holds the
/// results (<c>prune_results.json</c>, <c>prune_summary.csv</c>, <c>prune_timing.json</c>), the scores
/// (<c>influence/tim.csv</c>, <c>influence/tracin.csv</c>: <c>stepwise influence</c>'s CSV, every stage window), the
/// retrained runs (<c>retrain/stage-K-METHOD</c>, <c>retrain/random</c>, <c>retrain/oracle</c>), and repeat r ≥ 1 in
/// <c>repeat-r/</c> with the same layout.
/// </summary>
public static class PruneFolders
{
    /// <summary>The results file.</summary>
    public const string Results = "prune_results.json";

    /// <summary>The summary table.</summary>
    public const string Summary = "prune_summary.csv";

    /// <summary>The wall times (not reproducible, so kept out of the results).</summary>
    public const string Timing = "prune_timing.json";

    /// <summary>The experiment's one-writer lock (beside its first run's run.lock, which that run's trainer takes).</summary>
    public const string Lock = "prune.lock";

    /// <summary>What the folder's experiment was started with (a resume must match it).</summary>
    public const string Key = "prune.key";

    /// <summary>Repeat <paramref name="repeat"/>'s run trained once.</summary>
    public static string Repeat(string output, int repeat) => repeat == 0 ? output : Path.Combine(output, $"repeat-{repeat}");

    /// <summary>The retrained run of <paramref name="method"/> (at 1-based <paramref name="stage"/> for TIM and TracIn).</summary>
    public static string Retrain(string repeat, PruneMethod method, int? stage) =>
        Path.Combine(repeat, "retrain", stage is { } k ? $"stage-{k}-{PruneNames.Of(method)}" : PruneNames.Of(method));

    /// <summary>The influence CSV of a scoring method.</summary>
    public static string Scores(string repeat, PruneMethod method) => Path.Combine(repeat, "influence", PruneNames.Of(method) + ".csv");

    /// <summary>The exact (binary) record of a method's finished windows, read back when the experiment resumes.</summary>
    public static string ScoreRecord(string repeat, PruneMethod method) => Path.Combine(repeat, "influence", PruneNames.Of(method) + ".scores");
}
