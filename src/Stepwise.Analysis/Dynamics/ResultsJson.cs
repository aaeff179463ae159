using System.Text.Json;
using Stepwise.Analysis.Dynamics.Statistics;
using Stepwise.Training.Checkpoints;
using Stepwise.Training;

namespace Stepwise.Analysis.Dynamics;

/// <summary>
/// results.json (schema in docs/dynamics.md, version <see cref="AnalysisAssembly.SchemaVersion"/>): parameters,
/// passages, every scheduled epoch's per-passage records and summary, and every analysis. Nothing in it depends on the
/// clock or the thread count, so a resumed run writes the same bytes as an uninterrupted one.
/// </summary>
public static class ResultsJson
{
    /// <summary>The file name in the run folder.</summary>
    public const string FileName = "results.json";

    /// <summary>The document as UTF-8 bytes (indented, with a final newline).</summary>
    public static byte[] Write(ExperimentInfo info, DynamicsReport report)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(report);
        return CheckpointJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("schema_version", AnalysisAssembly.SchemaVersion);
            w.WriteString("kind", "stepwise.dynamics");
            w.WriteString("training_method", "continuous");
            Parameters(w, info);
            Passages(w, info.Passages);
            w.WriteStartArray("epochs");
            for (int i = 0; i < report.Epochs.Count; i++)
            {
                var e = report.Epochs[i];
                w.WriteStartObject();
                w.WriteNumber("epoch", e.Epoch);
                w.WriteNumber("step", e.Step);
                Summary(w, report.Summaries[i]);
                w.WriteStartArray("passages");
                foreach (var p in e.Passages) EpochRecordFile.WritePassage(w, p);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            Analyses(w, report);
            w.WriteEndObject();
        });
    }

    private static void Parameters(Utf8JsonWriter w, ExperimentInfo info)
    {
        var s = info.Settings;
        w.WriteStartObject("parameters");
        w.WriteString("text", info.Text.Name);
        w.WriteString("text_sha256", info.Text.Sha256);
        if (info.NovelText is { } n)
        {
            w.WriteString("novel_text", n.Name);
            w.WriteString("novel_text_sha256", n.Sha256);
        }
        else w.WriteNull("novel_text");
        w.WriteNumber("num_passages", s.NumPassages);
        w.WriteStartArray("epoch_schedule");
        foreach (long e in s.Schedule) w.WriteNumberValue(e);
        w.WriteEndArray();
        w.WriteStartArray("steps");
        foreach (long t in info.Steps) w.WriteNumberValue(t);
        w.WriteEndArray();
        w.WriteBoolean("quick_test", s.QuickTest);
        w.WriteNumber("steps_per_epoch", info.StepsPerEpoch);
        w.WriteNumber("total_steps", info.TotalSteps);
        w.WriteNumber("batch_size", info.BatchSize);
        w.WriteString("optimizer", info.Optimizer.Kind);
        w.WriteNumber("learning_rate", info.Optimizer.Lr);
        w.WriteNumber("weight_decay", info.Optimizer.WeightDecay);
        w.WriteString("lr_schedule", info.LrSchedule.Kind);
        w.WriteNumber("warmup_steps", info.LrSchedule.Warmup);
        w.WriteNumber("seed", info.Seed);
        w.WriteStartObject("model");
        w.WriteString("kind", "tiny_gpt");
        w.WriteNumber("layers", info.Model.Layers);
        w.WriteNumber("heads", info.Model.Heads);
        w.WriteNumber("width", info.Model.Width);
        w.WriteNumber("context", info.Model.Context);
        w.WriteNumber("vocab", info.Model.Vocab);
        w.WriteString("vocabulary", "bytes");
        if (info.InitFrom is { } from) w.WriteString("init_from", from);
        else w.WriteNull("init_from");
        w.WriteEndObject();
        w.WriteNumber("k_neighbors", s.K);
        w.WriteNumber("prompt_tokens", s.PromptTokens);
        w.WriteNumber("target_tokens", s.TargetTokens);
        w.WriteNumber("memorized_threshold", s.MemorizedThreshold);
        w.WriteNumber("max_tokens", info.Model.Context + 1);
        w.WriteNumber("min_tokens", s.MinTokens);
        w.WriteStartArray("prefix_lengths");
        foreach (int q in DynamicsSettings.PrefixLengths) w.WriteNumberValue(q);
        w.WriteEndArray();
        w.WriteNumber("epsilon", Compression.Epsilon);
        w.WriteNumber("fdr", GroupTest.Fdr);
        w.WriteNumber("alpha", QuadraticFit.Alpha);
        w.WriteEndObject();
    }

    private static void Passages(Utf8JsonWriter w, PassageSelection p)
    {
        w.WriteStartObject("passages");
        w.WriteStartArray("trained");
        foreach (var x in p.Trained) w.WriteNumberValue(x.Index);
        w.WriteEndArray();
        w.WriteStartArray("novel");
        foreach (var x in p.Novel) w.WriteNumberValue(x.Index);
        w.WriteEndArray();
        w.WriteStartArray("skipped");
        foreach (var x in p.Skipped)
        {
            w.WriteStartObject();
            w.WriteNumber("index", x.Index);
            w.WriteString("source", x.Source);
            w.WriteNumber("tokens", x.Tokens);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Summary(Utf8JsonWriter w, EpochSummary s)
    {
        w.WriteStartObject("summary");
        w.WriteNumber("num_memorized", s.NumMemorized);
        w.Number("memorization_rate", s.MemorizationRate);
        w.WriteNumber("novel_memorized", s.NovelMemorized);
        w.Number("novel_memorization_rate", s.NovelMemorizationRate);
        w.WriteNumber("num_exact", s.NumExact);
        w.Number("exact_rate", s.ExactRate);
        w.WriteNumber("novel_exact", s.NovelExact);
        w.Number("novel_exact_rate", s.NovelExactRate);
        w.Number("mean_accuracy", s.MeanAccuracy);
        w.Number("median_accuracy", s.MedianAccuracy);
        w.Number("novel_mean_accuracy", s.NovelMeanAccuracy);
        w.Number("mean_accuracy_fixed", s.MeanAccuracyFixed);
        w.Number("novel_mean_accuracy_fixed", s.NovelMeanAccuracyFixed);
        w.Number("mean_training_perplexity", s.MeanTrainingPerplexity);
        w.Number("mean_novel_perplexity", s.MeanNovelPerplexity);
        w.Number("perplexity_gap", s.PerplexityGap);
        w.Number("median_training_perplexity", s.MedianTrainingPerplexity);
        w.Number("median_novel_perplexity", s.MedianNovelPerplexity);
        w.Number("training_loss", s.TrainingLoss);
        w.Number("novel_loss", s.NovelLoss);
        w.Number("precision_vs_final", s.PrecisionVsFinal);
        w.Number("recall_vs_final", s.RecallVsFinal);
        w.WriteEndObject();
    }

    /// <summary>The JSON name of a score.</summary>
    public static string Name(CompressionScore s) => s == CompressionScore.Absolute ? "absolute" : "scale_free";

    /// <summary>The JSON name of a shape.</summary>
    public static string Name(TrajectoryShape s) => s switch
    {
        TrajectoryShape.UShaped => "u_shaped",
        TrajectoryShape.InvertedU => "inverted_u",
        TrajectoryShape.Increasing => "increasing",
        TrajectoryShape.Decreasing => "decreasing",
        TrajectoryShape.Flat => "flat",
        _ => "undetermined",
    };

    private static void Analyses(Utf8JsonWriter w, DynamicsReport r)
    {
        w.WriteStartObject("analyses");
        w.WriteStartArray("trajectories");
        foreach (var t in r.Trajectories)
        {
            var f = t.Fit;
            w.WriteStartObject();
            w.WriteNumber("layer", t.Layer);
            w.WriteString("score", Name(t.Score));
            w.WriteString("axis", t.Axis);
            w.Numbers("means", t.Means);
            w.WriteNumber("n", f.N);
            w.Number("a", f.A);
            w.Number("b", f.B);
            w.Number("c", f.C);
            w.Number("r_squared", f.RSquared);
            w.Number("vertex", f.Vertex);
            w.Number("line_slope", f.LineSlope);
            w.Number("line_intercept", f.LineIntercept);
            w.Number("line_r_squared", f.LineRSquared);
            w.Number("line_slope_p_value", f.LineSlopePValue);
            w.Number("f", f.F);
            w.Number("quadratic_p_value", f.QuadraticPValue);
            if (f.QuadraticSignificant is { } sig) w.WriteBoolean("quadratic_significant", sig);
            else w.WriteNull("quadratic_significant");
            w.WriteString("shape", Name(f.Shape));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        Tests(w, "membership", r.Membership, "trained", "novel");
        Tests(w, "memorized", r.Memorized, "memorized", "not_memorized");
        Onset(w, r.Onset);
        w.WriteStartArray("layer_pattern");
        foreach (var p in r.Patterns)
        {
            w.WriteStartObject();
            w.WriteString("score", Name(p.Score));
            w.Numbers("first_separation_epoch", p.FirstSeparation.Select(e => (double?)e));
            w.Number("early_mean_epoch", p.EarlyMean);
            w.Number("late_mean_epoch", p.LateMean);
            w.WriteString("pattern", p.Pattern);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartObject("heatmap");
        foreach (var (score, rows) in r.Heatmaps.OrderBy(h => h.Key))
        {
            w.WriteStartArray(Name(score));
            foreach (var row in rows)
            {
                w.WriteStartArray();
                foreach (double v in row) w.NumberValue(v);
                w.WriteEndArray();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
        w.WriteStartArray("velocity");
        foreach (var v in r.Velocities)
        {
            w.WriteStartObject();
            w.WriteNumber("layer", v.Layer);
            w.WriteString("score", Name(v.Score));
            w.Numbers("first_difference", v.First);
            w.Numbers("second_difference", v.Second);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("best_layer");
        foreach (var b in r.Best)
        {
            w.WriteStartObject();
            w.WriteNumber("epoch", b.Epoch);
            w.WriteString("score", Name(b.Score));
            w.Number("layer", b.Layer);
            w.Number("r", b.R);
            w.Number("p_value", b.PValue);
            w.Number("q_value", b.QValue);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Tests(Utf8JsonWriter w, string name, IReadOnlyDictionary<CompressionScore, IReadOnlyList<GroupTest>> tests, string group, string rest)
    {
        w.WriteStartObject(name);
        foreach (var (score, list) in tests.OrderBy(t => t.Key))
        {
            w.WriteStartArray(Name(score));
            foreach (var t in list)
            {
                w.WriteStartObject();
                w.WriteNumber("layer", t.Layer);
                w.WriteNumber("epoch", t.Epoch);
                w.Number("r", t.Correlation.R);
                w.Number("p_value", t.Correlation.PValue);
                w.Number("q_value", t.QValue);
                w.WriteBoolean("significant", t.Significant);
                w.WriteNumber("n", t.Correlation.N);
                w.WriteNumber($"n_{group}", t.Effect.CountFirst);
                w.WriteNumber($"n_{rest}", t.Effect.CountSecond);
                w.Number($"mean_{group}", t.Effect.MeanFirst);
                w.Number($"mean_{rest}", t.Effect.MeanSecond);
                w.Number("difference", t.Effect.Difference);
                w.Number("cohens_d", t.Effect.CohensD);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    private static void Onset(Utf8JsonWriter w, OnsetAnalysis o)
    {
        w.WriteStartObject("onset");
        w.WriteNumber("memorized", o.Memorized);
        w.WriteNumber("never", o.Never);
        w.Number("mean_onset_epoch", o.MeanOnset);
        w.Number("median_onset_epoch", o.MedianOnset);
        w.WriteStartArray("passages");
        foreach (var p in o.Passages)
        {
            w.WriteStartObject();
            w.WriteNumber("index", p.Index);
            w.Number("onset_epoch", p.Onset);
            w.Number("exact_onset_epoch", p.ExactOnset);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("correlations");
        foreach (var c in o.Correlations)
        {
            w.WriteStartObject();
            w.WriteNumber("layer", c.Layer);
            w.WriteString("score", Name(c.Score));
            w.Number("rho_memorized_only", c.MemorizedOnly.R);
            w.Number("p_value_memorized_only", c.MemorizedOnly.PValue);
            w.WriteNumber("n_memorized_only", c.MemorizedOnly.N);
            w.Number("rho_never_last", c.NeverLast.R);
            w.Number("p_value_never_last", c.NeverLast.PValue);
            w.WriteNumber("n_never_last", c.NeverLast.N);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
