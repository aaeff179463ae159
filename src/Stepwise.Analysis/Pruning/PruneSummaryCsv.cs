using System.Globalization;

namespace Stepwise.Analysis.Pruning;

/// <summary>
/// <c>prune_summary.csv</c> (docs/influence.md): one row per retrained run (stage × method × repeat, then each repeat's
/// baselines), the numbers of its <see cref="PruneRow"/> in shortest round-trip form, empty where a value does not apply.
/// </summary>
public static class PruneSummaryCsv
{
    /// <summary>The header line.</summary>
    public const string Header = "repeat,seed,stage,window_start,window_end,method,train_samples,pruned,steps_per_epoch,total_steps,"
        + "test_accuracy,test_loss,noise_recall,noise_precision,discovery_auc,kmeans_f1,rank_correlation_previous,"
        + "noisy_mean,noisy_median,clean_mean,clean_median,noisy_mean_rank_percentile,clean_mean_rank_percentile,run";

    /// <summary>Writes the table.</summary>
    public static void Write(TextWriter o, PruneResults results)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(results);
        o.Write(Header + "\n");
        foreach (var r in results.Rows)
        {
            string[] cells =
            [
                N(r.Repeat), N(r.Seed), r.Stage is { } k ? N(k) : "", r.Window is { } w ? N(w.Start) : "", r.Window is { } e ? N(e.End) : "",
                PruneNames.Of(r.Method), N(r.TrainSamples), N(r.Pruned.Count), N(r.StepsPerEpoch), N(r.TotalSteps),
                D(r.TestAccuracy), D(r.TestLoss), D(r.NoiseRecall), D(r.NoisePrecision), D(r.DiscoveryAuc), D(r.KMeansF1), D(r.RankCorrelationPrevious),
                D(r.Noisy?.Mean), D(r.Noisy?.Median), D(r.Clean?.Mean), D(r.Clean?.Median), D(r.Noisy?.MeanRankPercentile), D(r.Clean?.MeanRankPercentile),
                Quote(r.Run),
            ];
            o.Write(string.Join(',', cells) + "\n");
        }
    }

    private static string N<T>(T value) where T : IFormattable => value.ToString(null, CultureInfo.InvariantCulture);

    private static string D(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    private static string Quote(string s) => s.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}
