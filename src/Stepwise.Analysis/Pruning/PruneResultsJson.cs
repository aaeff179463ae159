using System.Text;
using System.Text.Json;
using Stepwise.Analysis.Influence;
using Stepwise.Training;

namespace Stepwise.Analysis.Pruning;

/// <summary>
/// <c>prune_results.json</c> (docs/influence.md, the contract): <c>schema_version</c>, <c>status</c>, the sign rule, the
/// settings, the plans of the runs trained once and retrained (with the stage windows), k, the reference AUCs, each
/// repeat's seed and flipped rows, every retrained run's row (its pruned rows included), and the summary over repeats
/// with the best stages. Numbers in shortest round-trip form; a non-finite number is null. <see cref="Read"/> reads the
/// file back (the summary is recomputed from the rows).
/// </summary>
public static class PruneResultsJson
{
    /// <summary>The results as indented JSON text (ends with a newline).</summary>
    public static string Write(PruneResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            var s = results.Settings;
            w.WriteStartObject();
            w.WriteNumber("schema_version", AnalysisAssembly.SchemaVersion);
            w.WriteString("kind", "stepwise-prune");
            w.WriteString("status", results.Completed ? "completed" : "stopped");
            if (results.StopReason is { } why) w.WriteString("stop_reason", why);
            w.WriteString("sign", InfluenceReport.SignRule);
            w.WriteStartObject("settings");
            w.WriteNumber("stages", s.Stages);
            w.WriteNumber("prune", s.Fraction);
            w.WriteNumber("noise", s.Noise);
            w.WriteString("method", s.MethodName);
            w.WriteNumber("repeats", s.Repeats);
            w.WriteString("query", s.Query);
            w.WriteString("evaluated_on", PruneSettings.TestSplit);
            w.WriteEndObject();
            Geometry(w, "trained", results.Trained);
            Geometry(w, "retrained", results.Retrained);
            w.WriteNumber("prune_count", results.PruneCount);
            if (results.Noisy.Count > 0)
            {
                w.WriteStartObject("discovery_auc_reference");
                w.WriteNumber("random", NoiseDetection.RandomAuc(results.Trained.TrainSamples));
                w.WriteNumber("optimal", NoiseDetection.OptimalAuc(results.Trained.TrainSamples, results.Noisy[0].Count));
                w.WriteEndObject();
            }
            w.WriteStartArray("repeats");
            for (int r = 0; r < results.Seeds.Count; r++)
            {
                w.WriteStartObject();
                w.WriteNumber("repeat", r);
                w.WriteNumber("seed", results.Seeds[r]);
                w.WriteString("run", Path.GetRelativePath(".", PruneFolders.Repeat(".", r)));
                if (r < results.Noisy.Count) Longs(w, "noisy", results.Noisy[r]);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("rows");
            foreach (var row in results.Rows) Row(w, row);
            w.WriteEndArray();
            w.WriteStartArray("summary");
            foreach (var a in results.Aggregates) Aggregate(w, a);
            w.WriteEndArray();
            w.WriteStartArray("best");
            foreach (var b in results.Best) Best(w, b);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>Reads results written by <see cref="Write"/>.</summary>
    /// <exception cref="FormatException">The text is not a prune_results.json of this schema.</exception>
    public static PruneResults Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var doc = JsonDocument.Parse(json);
            var r = doc.RootElement;
            if (r.GetProperty("kind").GetString() != "stepwise-prune") throw new FormatException("not a stepwise prune result (kind is not stepwise-prune)");
            int version = r.GetProperty("schema_version").GetInt32();
            if (version != AnalysisAssembly.SchemaVersion) throw new FormatException($"schema_version {version}; this build reads {AnalysisAssembly.SchemaVersion}");
            var s = r.GetProperty("settings");
            string method = s.GetProperty("method").GetString()!;
            var settings = new PruneSettings
            {
                Stages = s.GetProperty("stages").GetInt64(),
                Fraction = s.GetProperty("prune").GetDecimal(),
                Noise = s.GetProperty("noise").GetDecimal(),
                Scorers = method == "all" ? [PruneMethod.Tim, PruneMethod.TracIn] : [PruneNames.Parse(method) ?? throw new FormatException($"method '{method}'")],
                Repeats = s.GetProperty("repeats").GetInt32(),
                Query = s.GetProperty("query").GetString()!,
            };
            var repeats = r.GetProperty("repeats").EnumerateArray().ToList();
            return new PruneResults
            {
                Settings = settings,
                StopReason = r.GetProperty("status").GetString() == "completed" ? null : r.TryGetProperty("stop_reason", out var why) ? why.GetString() ?? "stopped" : "stopped",
                Trained = ReadGeometry(r.GetProperty("trained")),
                Retrained = ReadGeometry(r.GetProperty("retrained")),
                PruneCount = r.GetProperty("prune_count").GetInt64(),
                Seeds = [.. repeats.Select(e => e.GetProperty("seed").GetUInt64())],
                Noisy = [.. repeats.Where(e => e.TryGetProperty("noisy", out _)).Select(e => (IReadOnlyList<long>)[.. e.GetProperty("noisy").EnumerateArray().Select(x => x.GetInt64())])],
                Rows = [.. r.GetProperty("rows").EnumerateArray().Select(ReadRow)],
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            throw new FormatException($"not a Stepwise prune_results.json: {e.Message.ReplaceLineEndings(" ")}", e);
        }
    }

    private static void Geometry(Utf8JsonWriter w, string name, PruneGeometry g)
    {
        w.WriteStartObject(name);
        w.WriteNumber("train_samples", g.TrainSamples);
        w.WriteNumber("samples_per_step", g.SamplesPerStep);
        w.WriteNumber("steps_per_epoch", g.StepsPerEpoch);
        w.WriteNumber("epochs", g.Epochs);
        w.WriteNumber("total_steps", g.TotalSteps);
        w.WriteStartArray("windows");
        for (int k = 0; k < g.Windows.Count; k++)
        {
            var win = g.Windows[k];
            w.WriteStartObject();
            w.WriteNumber("stage", k + 1);
            w.WriteNumber("start", win.Start);
            w.WriteNumber("end", win.End);
            w.WriteNumber("steps", win.Length.Value);
            w.WriteNumber("epochs", g.EpochsOf(win));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static PruneGeometry ReadGeometry(JsonElement e) => new(
        e.GetProperty("train_samples").GetInt64(), e.GetProperty("samples_per_step").GetInt64(), e.GetProperty("steps_per_epoch").GetInt64(),
        e.GetProperty("epochs").GetDecimal(), e.GetProperty("total_steps").GetInt64(),
        [.. e.GetProperty("windows").EnumerateArray().Select(x => new StepWindow(x.GetProperty("start").GetInt64(), x.GetProperty("end").GetInt64()))]);

    private static void Row(Utf8JsonWriter w, PruneRow row)
    {
        w.WriteStartObject();
        w.WriteNumber("repeat", row.Repeat);
        w.WriteNumber("seed", row.Seed);
        w.WriteString("method", PruneNames.Of(row.Method));
        if (row.Stage is { } k) w.WriteNumber("stage", k);
        if (row.Window is { } win)
        {
            w.WriteNumber("start", win.Start);
            w.WriteNumber("end", win.End);
        }
        w.WriteString("run", row.Run);
        w.WriteNumber("train_samples", row.TrainSamples);
        w.WriteNumber("steps_per_epoch", row.StepsPerEpoch);
        w.WriteNumber("total_steps", row.TotalSteps);
        w.Number("test_accuracy", row.TestAccuracy);
        w.Number("test_loss", row.TestLoss);
        Optional(w, "noise_recall", row.NoiseRecall);
        Optional(w, "noise_precision", row.NoisePrecision);
        Optional(w, "discovery_auc", row.DiscoveryAuc);
        Optional(w, "kmeans_f1", row.KMeansF1);
        Optional(w, "rank_correlation_previous", row.RankCorrelationPrevious);
        if (row.Noisy is { } noisy) Group(w, "noisy_scores", noisy);
        if (row.Clean is { } clean) Group(w, "clean_scores", clean);
        Longs(w, "pruned", row.Pruned);
        w.WriteEndObject();
    }

    private static PruneRow ReadRow(JsonElement e) => new()
    {
        Repeat = e.GetProperty("repeat").GetInt32(),
        Seed = e.GetProperty("seed").GetUInt64(),
        Method = PruneNames.Parse(e.GetProperty("method").GetString()!) ?? throw new FormatException($"method '{e.GetProperty("method").GetString()}'"),
        Stage = e.TryGetProperty("stage", out var k) ? k.GetInt32() : null,
        Window = e.TryGetProperty("start", out var a) ? new StepWindow(a.GetInt64(), e.GetProperty("end").GetInt64()) : null,
        Run = e.GetProperty("run").GetString()!,
        TrainSamples = e.GetProperty("train_samples").GetInt64(),
        StepsPerEpoch = e.GetProperty("steps_per_epoch").GetInt64(),
        TotalSteps = e.GetProperty("total_steps").GetInt64(),
        TestAccuracy = Double(e.GetProperty("test_accuracy")),
        TestLoss = Double(e.GetProperty("test_loss")),
        NoiseRecall = Optional(e, "noise_recall"),
        NoisePrecision = Optional(e, "noise_precision"),
        DiscoveryAuc = Optional(e, "discovery_auc"),
        KMeansF1 = Optional(e, "kmeans_f1"),
        RankCorrelationPrevious = Optional(e, "rank_correlation_previous"),
        Noisy = e.TryGetProperty("noisy_scores", out var n) ? ReadGroup(n) : null,
        Clean = e.TryGetProperty("clean_scores", out var c) ? ReadGroup(c) : null,
        Pruned = [.. e.GetProperty("pruned").EnumerateArray().Select(x => x.GetInt64())],
    };

    private static void Group(Utf8JsonWriter w, string name, ScoreGroup g)
    {
        w.WriteStartObject(name);
        w.WriteNumber("count", g.Count);
        w.Number("mean", g.Mean);
        w.Number("median", g.Median);
        w.Number("q25", g.Q25);
        w.Number("q75", g.Q75);
        w.Number("mean_rank_percentile", g.MeanRankPercentile);
        w.Number("median_rank_percentile", g.MedianRankPercentile);
        w.WriteEndObject();
    }

    private static ScoreGroup ReadGroup(JsonElement e) => new(e.GetProperty("count").GetInt64(), Double(e.GetProperty("mean")), Double(e.GetProperty("median")),
        Double(e.GetProperty("q25")), Double(e.GetProperty("q75")), Double(e.GetProperty("mean_rank_percentile")), Double(e.GetProperty("median_rank_percentile")));

    private static void Aggregate(Utf8JsonWriter w, PruneAggregate a)
    {
        w.WriteStartObject();
        w.WriteString("method", PruneNames.Of(a.Method));
        if (a.Stage is { } k) w.WriteNumber("stage", k);
        if (a.Window is { } win)
        {
            w.WriteNumber("start", win.Start);
            w.WriteNumber("end", win.End);
        }
        w.WriteNumber("n", a.TestAccuracy.N);
        Stat(w, "test_accuracy", a.TestAccuracy);
        Stat(w, "test_loss", a.TestLoss);
        Stat(w, "noise_recall", a.NoiseRecall);
        Stat(w, "noise_precision", a.NoisePrecision);
        Stat(w, "discovery_auc", a.DiscoveryAuc);
        Stat(w, "kmeans_f1", a.KMeansF1);
        Stat(w, "rank_correlation_previous", a.RankCorrelationPrevious);
        Stat(w, "noisy_mean_rank_percentile", a.NoisyRankPercentile);
        Stat(w, "clean_mean_rank_percentile", a.CleanRankPercentile);
        w.WriteEndObject();
    }

    private static void Best(Utf8JsonWriter w, BestStage b)
    {
        w.WriteStartObject();
        w.WriteString("method", PruneNames.Of(b.Method));
        w.WriteString("metric", b.Metric);
        w.WriteNumber("stage", b.Stage);
        Stat(w, "value", b.Value);
        if (b.RunnerUp is { } second) w.WriteNumber("runner_up", second);
        Stat(w, "runner_up_value", b.RunnerUpValue);
        Optional(w, "gap", b.Gap);
        Optional(w, "spread", b.Spread);
        if (b.Separated is { } sep) w.WriteBoolean("separated", sep);
        else w.WriteNull("separated");
        w.WriteEndObject();
    }

    private static void Stat(Utf8JsonWriter w, string name, MeanStd? m)
    {
        if (m is null) return;
        w.WriteStartObject(name);
        w.Number("mean", m.Mean);
        if (m.Std is { } std) w.Number("std", std);
        else w.WriteNull("std");
        w.WriteEndObject();
    }

    private static void Longs(Utf8JsonWriter w, string name, IReadOnlyList<long> values)
    {
        w.WriteStartArray(name);
        foreach (long v in values) w.WriteNumberValue(v);
        w.WriteEndArray();
    }

    /// <summary>An absent value leaves the property out (a NaN one is null).</summary>
    private static void Optional(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v) w.Number(name, v);
    }

    private static double? Optional(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? Double(v) : null;

    private static double Double(JsonElement e) => e.ValueKind == JsonValueKind.Null ? double.NaN : e.GetDouble();
}
