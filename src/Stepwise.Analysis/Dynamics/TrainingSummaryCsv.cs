using System.Globalization;
using System.Text;

namespace Stepwise.Analysis.Dynamics;

/// <summary>
/// training_summary.csv: one row per scheduled epoch with seed 002's columns first (<see cref="SeedColumns"/>), then
/// Stepwise's. <c>memorization_rate</c> and the accuracies are over training passages only (seed 002 divides by both
/// groups); <c>best_layer</c>/<c>best_correlation</c>/<c>best_p_value</c> are the trained-vs-novel point-biserial
/// test of the absolute score with the largest |r| (seed 002's), its p uncorrected; <c>timestamp</c> is when the epoch
/// was measured (UTC). Empty cells are undefined values.
/// </summary>
public static class TrainingSummaryCsv
{
    /// <summary>The file name in the run folder.</summary>
    public const string FileName = "training_summary.csv";

    /// <summary>Seed 002's columns, in its order.</summary>
    public static IReadOnlyList<string> SeedColumns { get; } =
    [
        "epoch", "num_memorized", "memorization_rate", "mean_accuracy", "median_accuracy", "mean_training_perplexity", "mean_novel_perplexity",
        "perplexity_gap", "median_training_perplexity", "median_novel_perplexity", "best_layer", "best_correlation", "best_p_value", "timestamp",
    ];

    /// <summary>Stepwise's columns after them.</summary>
    public static IReadOnlyList<string> OwnColumns { get; } =
    [
        "step", "novel_memorized", "novel_memorization_rate", "num_exact", "exact_rate", "novel_exact", "novel_exact_rate", "mean_accuracy_fixed",
        "novel_mean_accuracy", "training_loss", "novel_loss", "best_q_value", "best_layer_scale_free", "best_correlation_scale_free",
        "best_p_value_scale_free", "best_q_value_scale_free", "precision_vs_final", "recall_vs_final",
    ];

    /// <summary>The CSV text.</summary>
    public static string Write(DynamicsReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder();
        sb.Append(string.Join(",", SeedColumns.Concat(OwnColumns))).Append('\n');
        for (int i = 0; i < report.Epochs.Count; i++)
        {
            var e = report.Epochs[i];
            var s = report.Summaries[i];
            var abs = report.Best.First(b => b.Epoch == e.Epoch && b.Score == CompressionScore.Absolute);
            var sf = report.Best.First(b => b.Epoch == e.Epoch && b.Score == CompressionScore.ScaleFree);
            string[] cells =
            [
                I(e.Epoch), I(s.NumMemorized), D(s.MemorizationRate), D(s.MeanAccuracy), D(s.MedianAccuracy), D(s.MeanTrainingPerplexity),
                D(s.MeanNovelPerplexity), D(s.PerplexityGap), D(s.MedianTrainingPerplexity), D(s.MedianNovelPerplexity), I(abs.Layer), D(abs.R),
                D(abs.PValue), e.Timestamp,
                I(e.Step), I(s.NovelMemorized), D(s.NovelMemorizationRate), I(s.NumExact), D(s.ExactRate), I(s.NovelExact), D(s.NovelExactRate),
                D(s.MeanAccuracyFixed), D(s.NovelMeanAccuracy), D(s.TrainingLoss), D(s.NovelLoss), D(abs.QValue), I(sf.Layer), D(sf.R), D(sf.PValue),
                D(sf.QValue), D(s.PrecisionVsFinal), D(s.RecallVsFinal),
            ];
            sb.Append(string.Join(",", cells)).Append('\n');
        }
        return sb.ToString();
    }

    private static string I(long? v) => v is { } x ? x.ToString(CultureInfo.InvariantCulture) : "";

    private static string D(double? v) => v is { } x && double.IsFinite(x) ? x.ToString("R", CultureInfo.InvariantCulture) : "";
}
