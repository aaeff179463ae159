using System.Globalization;
using Stepwise.Analysis.Influence;
using Stepwise.Analysis.Pruning;

namespace Stepwise.Cli.Output;

/// <summary>The text form of <c>stepwise prune</c>: first the window calculation as seed 000's usage note walks it and
/// what the experiment will do (noise, scores, pruning, the re-derived plan of the retrained runs, the test split), then
/// the stage table with every baseline, the noisy-vs-clean rank percentiles, and the best stages.</summary>
public static class PruneText
{
    /// <summary>What the experiment will do, before it runs.</summary>
    public static void WritePlan(TextWriter o, PrunePlan plan)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(plan);
        var s = plan.Settings;
        var t = plan.Trained;
        var g = plan.First.Geometry;
        o.WriteLine("Pruning experiment: which training window's influence finds the noisy labels");
        o.WriteLine("(step N = the state after N optimizer updates; a window [a, b] = updates a..b inclusive)");
        o.WriteLine();
        o.WriteLine("Time window calculation:");
        o.WriteLine(F($"   Training samples: {t.TrainSamples}"));
        o.WriteLine(g.GradAccum == 1 && g.WorldSize == 1
            ? F($"   Batch size: {g.BatchSize}")
            : F($"   Batch size: {g.BatchSize} per device × grad_accum {g.GradAccum} × world_size {g.WorldSize} = {t.SamplesPerStep} samples per step"));
        o.WriteLine(F($"   Steps per epoch: {t.StepsPerEpoch}"));
        o.WriteLine(F($"   Total epochs: {t.Epochs:0.####}"));
        o.WriteLine(F($"   Total steps: {t.TotalSteps}"));
        o.WriteLine("   Time windows (steps):");
        for (int k = 0; k < t.Windows.Count; k++)
        {
            var w = t.Windows[k];
            o.WriteLine(F($"     Stage {k + 1}: [{w.Start}, {w.End}] - {w.Length.Value} steps (~{t.EpochsOf(w):0.0} epochs)"));
        }
        o.WriteLine();
        long noisy = plan.First.Data.NoisyIndices.Count;
        o.WriteLine(noisy > 0
            ? F($"Label noise: {noisy} of the {t.TrainSamples} train labels flipped ({s.Noise}); the other splits keep their labels.")
            : "Label noise: none (--noise 0); recall, precision and the oracle do not apply.");
        string methods = string.Join(" and ", s.Scorers.Select(m => m == PruneMethod.Tim ? "TIM (query measured at the window's end)" : "TracIn (query gradient at each update)"));
        o.WriteLine($"Scores: {methods}, every train sample on every stage window; the query is the {s.Query} loss.");
        o.WriteLine($"   {InfluenceReport.SignRule}");
        o.WriteLine(F($"Pruning: the {plan.PruneCount} lowest-scored samples ({s.Fraction} of {t.TrainSamples}); baselines: {plan.PruneCount} random samples, exactly the {noisy} flipped ones (oracle), none."));
        var r = plan.Retrained;
        o.WriteLine(F($"Retraining: from the run's initial weights (checkpoint_step_0), the same config on the {r.TrainSamples} kept samples; the plan is re-derived for them: {r.StepsPerEpoch} steps per epoch (was {t.StepsPerEpoch}), {r.TotalSteps} steps over {r.Epochs:0.####} epochs."));
        long test = plan.First.Data.Tabular?[PruneSettings.TestSplit].Count ?? 0;
        o.WriteLine(F($"Evaluation: the {PruneSettings.TestSplit} split ({test} samples, clean labels) after retraining, never the {s.Query} split that defined the scores."));
        o.WriteLine(s.Repeats == 1
            ? F($"Repeats: 1 (seed {plan.Seeds[0]})")
            : F($"Repeats: {s.Repeats} (seeds {plan.Seeds[0]}..{plan.Seeds[^1]}: data split, noise, initialization and sampler each derive from the seed)"));
        o.WriteLine(F($"Folder: {plan.OutDirectory}"));
        o.WriteLine();
    }

    /// <summary>The results.</summary>
    public static void WriteResults(TextWriter o, PrunePlan plan, PruneOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(outcome);
        var results = outcome.Results;
        int n = results.Seeds.Count;
        bool spread = results.Aggregates.Any(a => a.TestAccuracy.N > 1);
        o.WriteLine(spread
            ? F($"Results on the test split, mean ± std over {results.Aggregates.Max(a => a.TestAccuracy.N)} seeds ({results.Seeds[0]}..{results.Seeds[^1]}):")
            : F($"Results on the test split (a single seed, {results.Seeds[0]}: no spread):"));
        int width = spread ? 17 : 8;
        o.WriteLine(F($"   {"Stage",-6}{"Window",-13}{"Method",-8}{Col("Test acc", width)}{Col("Test loss", width)}{Col("Recall", width)}{Col("Precision", width)}{Col("AUC", width)}{Col("F1", width)}{Col("ρ prev", width)}"));
        foreach (var a in results.Aggregates)
        {
            string stage = a.Stage is { } k ? F($"{k}") : "—";
            string window = a.Window is { } w ? F($"[{w.Start}, {w.End}]") : "—";
            o.WriteLine(F($"   {stage,-6}{window,-13}{PruneNames.Of(a.Method),-8}{Col(V(a.TestAccuracy, spread), width)}{Col(V(a.TestLoss, spread), width)}{Col(V(a.NoiseRecall, spread), width)}{Col(V(a.NoisePrecision, spread), width)}{Col(V(a.DiscoveryAuc, spread), width)}{Col(V(a.KMeansF1, spread), width)}{Col(V(a.RankCorrelationPrevious, spread), width)}"));
        }
        o.WriteLine("   Recall, precision: flipped labels among the pruned; AUC: of the discovery curve (lowest score first"
            + (results.Noisy.Count > 0 ? F($"; random {NoiseDetection.RandomAuc(results.Trained.TrainSamples):0.000}, perfect {NoiseDetection.OptimalAuc(results.Trained.TrainSamples, results.Noisy[0].Count):0.000}") : "")
            + "); F1: of the low cluster of a 2-means split of the scores; ρ prev: Spearman with the previous stage's scores.");
        if (results.Aggregates.Any(a => a.NoisyRankPercentile is not null))
        {
            o.WriteLine();
            o.WriteLine("Where the flipped and the clean samples rank (mean rank percentile of their scores, 0 = the lowest):");
            foreach (var a in results.Aggregates.Where(a => a.NoisyRankPercentile is not null))
                o.WriteLine(F($"   stage {a.Stage} {PruneNames.Of(a.Method),-7} flipped {a.NoisyRankPercentile!.Mean,5:0.0}   clean {a.CleanRankPercentile!.Mean,5:0.0}"));
        }
        if (results.Best.Count > 0)
        {
            o.WriteLine();
            o.WriteLine("Best stage:");
            foreach (var b in results.Best)
            {
                string metric = b.Metric == "test_accuracy" ? "test accuracy" : "noise recall";
                string verdict = b.RunnerUp is null ? "the only stage"
                    : b.Separated is { } sep
                        ? F($"runner-up stage {b.RunnerUp} ({b.RunnerUpValue!.Mean:0.0000}); the gap {b.Gap:0.0000} {(sep ? "exceeds" : "is within")} the spread {b.Spread:0.0000}")
                        : F($"runner-up stage {b.RunnerUp} ({b.RunnerUpValue!.Mean:0.0000}), gap {b.Gap:0.0000}; a single seed: no spread to compare with");
                o.WriteLine(F($"   {PruneNames.Of(b.Method),-7} by {metric}: stage {b.Stage} ({b.Value.Mean:0.0000}); {verdict}"));
            }
        }
        o.WriteLine();
        o.WriteLine($"Files in {plan.OutDirectory}: {PruneFolders.Results}, {PruneFolders.Summary}, {PruneFolders.Timing}, influence/*.csv, retrain/ (the retrained runs){(plan.Settings.Repeats > 1 ? ", repeat-*/ (the other repeats)" : "")}");
        if (results.Completed) o.WriteLine(F($"completed {results.Rows.Count} runs {plan.OutDirectory}"));
    }

    private static string V(MeanStd? m, bool spread) => m is null ? "—"
        : spread ? (m.Std is { } s ? F($"{m.Mean:0.0000} ± {s:0.0000}") : F($"{m.Mean:0.0000}")) : F($"{m.Mean:0.0000}");

    private static string Col(string text, int width) => text.PadLeft(width) + "  ";

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
