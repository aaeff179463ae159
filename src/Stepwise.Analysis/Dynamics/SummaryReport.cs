using System.Globalization;
using System.Text;
using Stepwise.Analysis.Dynamics.Statistics;

namespace Stepwise.Analysis.Dynamics;

/// <summary>
/// summary_report.txt: seed 002's sections (memorization progress, trajectory per layer, onset, layer pattern, best
/// layer per epoch) over both rules and both scores, and what survives the Benjamini–Hochberg correction, stated
/// plainly when nothing does.
/// </summary>
public static class SummaryReport
{
    /// <summary>The file name in the run folder.</summary>
    public const string FileName = "summary_report.txt";

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The report text.</summary>
    public static string Write(ExperimentInfo info, DynamicsReport r)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(r);
        var sb = new StringBuilder();
        void Line(FormattableString s) => sb.Append(s.ToString(Inv)).Append('\n');
        var s0 = info.Settings;
        int trained = info.Passages.Trained.Count, novel = info.Passages.Novel.Count;
        Line($"TRAINING DYNAMICS (seed 002), stepwise dynamics");
        Line($"model: TinyGpt {info.Model.Layers} layers × {info.Model.Width} wide, {info.Model.Heads} heads, context {info.Model.Context} bytes{(info.InitFrom is null ? ", from the seed's initialization" : $", from {info.InitFrom}")}");
        Line($"passages: {trained} trained, {novel} novel (control) from {info.Text.Name}{(info.NovelText is { } nt ? $" and {nt.Name}" : "")}; {info.Passages.Skipped.Count} skipped as shorter than {s0.MinTokens} tokens");
        Line($"schedule: epochs {string.Join(", ", s0.Schedule)} (steps {string.Join(", ", info.Steps)}; {info.StepsPerEpoch} updates per epoch); measured so far: {r.Epochs.Count}");
        Line($"rules: seed 002 (prompt ⌊n/3⌋, memorized at accuracy ≥ {s0.MemorizedThreshold}) and fixed length (prompt {s0.PromptTokens}, target {s0.TargetTokens}, exact); rates over each group's own passages");
        sb.Append('\n');

        Line($"1. MEMORIZATION PROGRESS");
        Line($"{"epoch",6} {"memorized",10} {"rate",7} {"novel",7} {"exact",7} {"novel",7} {"acc",6} {"ppl train",10} {"ppl novel",10} {"loss",7}");
        foreach (var s in r.Summaries)
        {
            Line($"{s.Epoch,6} {s.NumMemorized,10} {Pct(s.MemorizationRate),7} {Pct(s.NovelMemorizationRate),7} {Pct(s.ExactRate),7} {Pct(s.NovelExactRate),7} {s.MeanAccuracy,6:F3} {s.MeanTrainingPerplexity,10:F3} {s.MeanNovelPerplexity,10:F3} {s.TrainingLoss,7:F4}");
        }
        sb.Append('\n');

        Line($"2. COMPRESSION TRAJECTORY (mean over training passages; quadratic fit, F-test of the quadratic term, α = {QuadraticFit.Alpha})");
        foreach (var score in new[] { CompressionScore.Absolute, CompressionScore.ScaleFree })
        {
            Line($"  {ResultsJson.Name(score)} score:");
            for (int l = 0; l < r.Transitions; l++)
            {
                var byEpoch = r.Trajectories.First(t => t.Layer == l && t.Score == score && t.Axis == "epoch");
                var byLog = r.Trajectories.First(t => t.Layer == l && t.Score == score && t.Axis == "log_epoch");
                Line($"    layer {l}→{l + 1}: vs epoch {ResultsJson.Name(byEpoch.Fit.Shape)} (R² {F(byEpoch.Fit.RSquared)}, p {P(byEpoch.Fit.QuadraticPValue)}); vs log epoch {ResultsJson.Name(byLog.Fit.Shape)} (R² {F(byLog.Fit.RSquared)}, p {P(byLog.Fit.QuadraticPValue)}); means {string.Join(" ", byEpoch.Means.Select(m => m.ToString("F3", Inv)))}");
            }
        }
        if (r.Epochs.Count < 4) Line($"  (with {r.Epochs.Count} epochs there is no test of the quadratic term; shapes are those of the points)");
        sb.Append('\n');

        var o = r.Onset;
        Line($"3. MEMORIZATION ONSET (training passages, seed 002's rule)");
        Line($"  memorized by the last epoch: {o.Memorized} of {o.Passages.Count}; never: {o.Never}; mean onset {F(o.MeanOnset)}, median {F(o.MedianOnset)}");
        foreach (var c in o.Correlations.Where(c => c.MemorizedOnly.PValue is not null || c.NeverLast.PValue is not null))
        {
            Line($"  layer {c.Layer}→{c.Layer + 1} {ResultsJson.Name(c.Score)}: Spearman ρ with first-epoch compression {F(c.MemorizedOnly.R)} (p {P(c.MemorizedOnly.PValue)}, n {c.MemorizedOnly.N} memorized); never ranked last {F(c.NeverLast.R)} (p {P(c.NeverLast.PValue)}, n {c.NeverLast.N})");
        }
        if (o.Memorized < 3) Line($"  too few passages memorize for the onset correlation among them");
        sb.Append('\n');

        Line($"4. LAYER TEMPORAL PATTERN (first epoch trained and novel passages differ, BH-corrected q ≤ {GroupTest.Fdr})");
        foreach (var p in r.Patterns)
        {
            Line($"  {ResultsJson.Name(p.Score)}: {string.Join(", ", p.FirstSeparation.Select((f, l) => $"{l}→{l + 1}: {(f is { } e ? e.ToString(Inv) : "never")}"))}; pattern {p.Pattern}");
        }
        sb.Append('\n');

        Line($"5. BEST LAYER PER EPOCH (largest |r| of trained vs novel; raw p, BH q)");
        foreach (var e in r.Epochs)
        {
            var a = r.Best.First(b => b.Epoch == e.Epoch && b.Score == CompressionScore.Absolute);
            var f = r.Best.First(b => b.Epoch == e.Epoch && b.Score == CompressionScore.ScaleFree);
            Line($"  epoch {e.Epoch}: absolute layer {L(a.Layer)} r {F(a.R)} p {P(a.PValue)} q {P(a.QValue)}; scale-free layer {L(f.Layer)} r {F(f.R)} p {P(f.PValue)} q {P(f.QValue)}");
        }
        sb.Append('\n');

        Line($"6. WHAT SURVIVES CORRECTION (Benjamini–Hochberg over each family of {r.Transitions} layers × {r.Epochs.Count} epochs, q ≤ {GroupTest.Fdr})");
        foreach (var (name, family) in new[] { ("trained vs novel", r.Membership), ("memorized vs not (training passages)", r.Memorized) })
        {
            foreach (var (score, tests) in family.OrderBy(f => f.Key))
            {
                var hits = tests.Where(t => t.Significant).ToList();
                int raw = tests.Count(t => t.Correlation.PValue is < 0.05);
                if (hits.Count == 0)
                {
                    Line($"  {name}, {ResultsJson.Name(score)}: nothing survives correction ({raw} of {tests.Count} tests had a raw p < 0.05)");
                    continue;
                }
                Line($"  {name}, {ResultsJson.Name(score)}: {hits.Count} of {tests.Count} tests (raw p < 0.05: {raw})");
                foreach (var t in hits)
                {
                    Line($"    epoch {t.Epoch} layer {t.Layer}→{t.Layer + 1}: r {F(t.Correlation.R)}, q {P(t.QValue)}, difference {F(t.Effect.Difference)}, Cohen's d {F(t.Effect.CohensD)}");
                }
            }
        }
        return sb.ToString();
    }

    private static string Pct(double v) => double.IsFinite(v) ? (v * 100).ToString("F1", Inv) + "%" : "-";
    private static string F(double? v) => v is { } x && double.IsFinite(x) ? x.ToString("F3", Inv) : "-";
    private static string P(double? v) => v is { } x && double.IsFinite(x) ? x.ToString(x < 0.001 ? "E2" : "F3", Inv) : "-";
    private static string L(int? l) => l is { } x ? $"{x}→{x + 1}" : "-";
}
