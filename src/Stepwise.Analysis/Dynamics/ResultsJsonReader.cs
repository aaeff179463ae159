using System.Globalization;
using System.Text.Json;
using Stepwise.Analysis.Dynamics.Statistics;

namespace Stepwise.Analysis.Dynamics;

/// <summary>
/// Reads results.json (<see cref="ResultsJson"/>, schema in docs/dynamics.md) back into the types that wrote it, so a
/// reader of a run folder (the report) sees exactly what the file says: writing the read report again gives the same
/// bytes. A null number is NaN where the writer's field is a plain double and null where it is nullable. Counts are
/// read as whole numbers, never through a double.
/// </summary>
public static class ResultsJsonReader
{
    /// <summary>Reads the results.json at <paramref name="path"/>.</summary>
    /// <exception cref="FormatException">Not this build's results.json (not JSON, another kind or schema version, a
    /// missing or mistyped field): a one-line message naming the file and the field.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be read.</exception>
    public static DynamicsResults Read(string path) => Parse(File.ReadAllBytes(path), Path.GetFileName(path));

    /// <summary>Parses the UTF-8 bytes of a results.json (<paramref name="name"/> is the file's name for messages).</summary>
    /// <exception cref="FormatException">As <see cref="Read"/>.</exception>
    public static DynamicsResults Parse(ReadOnlyMemory<byte> utf8, string name = ResultsJson.FileName)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(utf8);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{name} is not valid JSON: {e.Message.ReplaceLineEndings(" ")}", e);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("kind", out var kind) || kind.ValueKind != JsonValueKind.String || kind.GetString() != "stepwise.dynamics")
                throw new FormatException($"{name} is not a stepwise dynamics result (its kind is not \"stepwise.dynamics\")");
            if (!root.TryGetProperty("schema_version", out var v) || v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out int version))
                throw new FormatException($"{name} has no schema_version");
            if (version != AnalysisAssembly.SchemaVersion)
                throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{name}: schema_version {version}; this build reads {AnalysisAssembly.SchemaVersion}"));
            try
            {
                var passages = root.Field("passages");
                return new DynamicsResults(version, Parameters(root.Field("parameters")),
                    Ints(passages.Field("trained")), Ints(passages.Field("novel")),
                    [.. passages.Field("skipped").EnumerateArray().Select(s => new SkippedPassage(s.Field("index").GetInt32(), s.Field("source").GetString() ?? "", s.Field("tokens").GetInt32()))],
                    Report(root));
            }
            catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or FormatException or ArgumentException)
            {
                throw new FormatException($"{name}: not this build's results.json ({e.Message.ReplaceLineEndings(" ")})", e);
            }
        }
    }

    private static DynamicsParameters Parameters(JsonElement p)
    {
        var model = p.Field("model");
        return new DynamicsParameters
        {
            Text = p.Text("text"),
            TextSha256 = p.Text("text_sha256"),
            NovelText = p.Field("novel_text").GetString(),
            NumPassages = p.Field("num_passages").GetInt32(),
            EpochSchedule = Longs(p.Field("epoch_schedule")),
            Steps = Longs(p.Field("steps")),
            QuickTest = p.Field("quick_test").GetBoolean(),
            StepsPerEpoch = p.Field("steps_per_epoch").GetInt64(),
            TotalSteps = p.Field("total_steps").GetInt64(),
            BatchSize = p.Field("batch_size").GetInt64(),
            Optimizer = p.Text("optimizer"),
            LearningRate = p.Field("learning_rate").GetDouble(),
            WeightDecay = p.Field("weight_decay").GetDouble(),
            LrSchedule = p.Text("lr_schedule"),
            WarmupSteps = p.Field("warmup_steps").GetInt64(),
            Seed = p.Field("seed").GetUInt64(),
            Layers = model.Field("layers").GetInt32(),
            Heads = model.Field("heads").GetInt32(),
            Width = model.Field("width").GetInt32(),
            Context = model.Field("context").GetInt32(),
            Vocab = model.Field("vocab").GetInt32(),
            InitFrom = model.Field("init_from").GetString(),
            KNeighbors = p.Field("k_neighbors").GetInt32(),
            PromptTokens = p.Field("prompt_tokens").GetInt32(),
            TargetTokens = p.Field("target_tokens").GetInt32(),
            MemorizedThreshold = p.Field("memorized_threshold").GetDouble(),
            MaxTokens = p.Field("max_tokens").GetInt32(),
            MinTokens = p.Field("min_tokens").GetInt32(),
            PrefixLengths = Ints(p.Field("prefix_lengths")),
            Epsilon = p.Field("epsilon").GetDouble(),
            Fdr = p.Field("fdr").GetDouble(),
            Alpha = p.Field("alpha").GetDouble(),
        };
    }

    private static DynamicsReport Report(JsonElement root)
    {
        var epochs = new List<EpochMeasurement>();
        var summaries = new List<EpochSummary>();
        foreach (var e in root.Field("epochs").EnumerateArray())
        {
            long epoch = e.Field("epoch").GetInt64(), step = e.Field("step").GetInt64();
            epochs.Add(new EpochMeasurement(epoch, step, [.. e.Field("passages").EnumerateArray().Select(Passage)], ""));
            summaries.Add(Summary(e.Field("summary"), epoch, step));
        }
        var a = root.Field("analyses");
        return new DynamicsReport
        {
            Epochs = epochs,
            Summaries = summaries,
            Transitions = epochs.Count == 0 ? 0 : epochs[0].Transitions,
            Trajectories = [.. a.Field("trajectories").EnumerateArray().Select(Trajectory)],
            Membership = Tests(a.Field("membership"), "trained", "novel"),
            Memorized = Tests(a.Field("memorized"), "memorized", "not_memorized"),
            Onset = Onset(a.Field("onset")),
            Patterns = [.. a.Field("layer_pattern").EnumerateArray().Select(p => new LayerPattern(Score(p),
                [.. p.Field("first_separation_epoch").EnumerateArray().Select(NullableLong)], p.NullableDouble("early_mean_epoch"),
                p.NullableDouble("late_mean_epoch"), p.Text("pattern")))],
            Heatmaps = a.Field("heatmap").EnumerateObject().ToDictionary(h => Score(h.Name),
                h => (IReadOnlyList<IReadOnlyList<double>>)[.. h.Value.EnumerateArray().Select(row => (IReadOnlyList<double>)[.. row.EnumerateArray().Select(Double)])]),
            Velocities = [.. a.Field("velocity").EnumerateArray().Select(v => new Velocity(v.Field("layer").GetInt32(), Score(v),
                v.Doubles("first_difference"), v.Doubles("second_difference")))],
            Best = [.. a.Field("best_layer").EnumerateArray().Select(b => new BestLayer(b.Field("epoch").GetInt64(), Score(b),
                NullableInt(b.Field("layer")), b.NullableDouble("r"), b.NullableDouble("p_value"), b.NullableDouble("q_value")))],
        };
    }

    private static PassageMeasurement Passage(JsonElement p) => new(
        p.Field("index").GetInt32(), p.Field("trained").GetBoolean(), p.Field("tokens").GetInt32(),
        p.NullableDouble("accuracy") ?? double.NaN, p.Field("memorized").GetBoolean(), p.Doubles("prefix_accuracy"),
        p.NullableDouble("accuracy_fixed") ?? double.NaN, p.Field("exact").GetBoolean(),
        p.NullableDouble("loss") ?? double.NaN, p.NullableDouble("perplexity") ?? double.NaN,
        p.Doubles("compression"), p.Doubles("compression_scale_free"));

    private static EpochSummary Summary(JsonElement s, long epoch, long step)
    {
        double D(string key) => s.NullableDouble(key) ?? double.NaN;
        return new EpochSummary
        {
            Epoch = epoch,
            Step = step,
            NumMemorized = s.Field("num_memorized").GetInt32(),
            MemorizationRate = D("memorization_rate"),
            NovelMemorized = s.Field("novel_memorized").GetInt32(),
            NovelMemorizationRate = D("novel_memorization_rate"),
            NumExact = s.Field("num_exact").GetInt32(),
            ExactRate = D("exact_rate"),
            NovelExact = s.Field("novel_exact").GetInt32(),
            NovelExactRate = D("novel_exact_rate"),
            MeanAccuracy = D("mean_accuracy"),
            MedianAccuracy = D("median_accuracy"),
            NovelMeanAccuracy = D("novel_mean_accuracy"),
            MeanAccuracyFixed = D("mean_accuracy_fixed"),
            NovelMeanAccuracyFixed = D("novel_mean_accuracy_fixed"),
            MeanTrainingPerplexity = D("mean_training_perplexity"),
            MeanNovelPerplexity = D("mean_novel_perplexity"),
            MedianTrainingPerplexity = D("median_training_perplexity"),
            MedianNovelPerplexity = D("median_novel_perplexity"),
            TrainingLoss = D("training_loss"),
            NovelLoss = D("novel_loss"),
            PrecisionVsFinal = s.NullableDouble("precision_vs_final"),
            RecallVsFinal = s.NullableDouble("recall_vs_final"),
        };
    }

    private static TrajectoryFit Trajectory(JsonElement t) => new(t.Field("layer").GetInt32(), Score(t), t.Text("axis"), t.Doubles("means"),
        new QuadraticFit
        {
            N = t.Field("n").GetInt32(),
            A = t.NullableDouble("a"),
            B = t.NullableDouble("b"),
            C = t.NullableDouble("c"),
            RSquared = t.NullableDouble("r_squared"),
            Vertex = t.NullableDouble("vertex"),
            LineSlope = t.NullableDouble("line_slope"),
            LineIntercept = t.NullableDouble("line_intercept"),
            LineRSquared = t.NullableDouble("line_r_squared"),
            LineSlopePValue = t.NullableDouble("line_slope_p_value"),
            // +∞ (a perfect parabola off the line) is written as null, as every non-finite number
            F = t.NullableDouble("f"),
            QuadraticPValue = t.NullableDouble("quadratic_p_value"),
            Shape = Shape(t.Text("shape")),
        });

    private static Dictionary<CompressionScore, IReadOnlyList<GroupTest>> Tests(JsonElement family, string group, string rest) =>
        family.EnumerateObject().ToDictionary(f => Score(f.Name), f => (IReadOnlyList<GroupTest>)[.. f.Value.EnumerateArray().Select(t => new GroupTest(
            t.Field("layer").GetInt32(), t.Field("epoch").GetInt64(),
            new CorrelationTest(t.NullableDouble("r"), t.NullableDouble("p_value"), t.Field("n").GetInt32()),
            t.NullableDouble("q_value"),
            new EffectSize(t.NullableDouble($"mean_{group}"), t.NullableDouble($"mean_{rest}"), t.NullableDouble("difference"), t.NullableDouble("cohens_d"),
                t.Field($"n_{group}").GetInt32(), t.Field($"n_{rest}").GetInt32())))]);

    private static OnsetAnalysis Onset(JsonElement o) => new(
        [.. o.Field("passages").EnumerateArray().Select(p => new PassageOnset(p.Field("index").GetInt32(), NullableLong(p.Field("onset_epoch")), NullableLong(p.Field("exact_onset_epoch"))))],
        o.Field("memorized").GetInt32(), o.Field("never").GetInt32(), o.NullableDouble("mean_onset_epoch"), o.NullableDouble("median_onset_epoch"),
        [.. o.Field("correlations").EnumerateArray().Select(c => new OnsetCorrelation(c.Field("layer").GetInt32(), Score(c),
            new CorrelationTest(c.NullableDouble("rho_memorized_only"), c.NullableDouble("p_value_memorized_only"), c.Field("n_memorized_only").GetInt32()),
            new CorrelationTest(c.NullableDouble("rho_never_last"), c.NullableDouble("p_value_never_last"), c.Field("n_never_last").GetInt32())))]);

    private static CompressionScore Score(JsonElement e) => Score(e.Text("score"));

    private static CompressionScore Score(string name) => name switch
    {
        "absolute" => CompressionScore.Absolute,
        "scale_free" => CompressionScore.ScaleFree,
        _ => throw new InvalidOperationException($"score \"{name}\" (allowed: absolute, scale_free)"),
    };

    private static TrajectoryShape Shape(string name)
    {
        foreach (var shape in Enum.GetValues<TrajectoryShape>())
        {
            if (ResultsJson.Name(shape) == name) return shape;
        }
        throw new InvalidOperationException($"shape \"{name}\" (allowed: {string.Join(", ", Enum.GetValues<TrajectoryShape>().Select(ResultsJson.Name))})");
    }

    /// <summary>The property <paramref name="key"/> of an object; a message naming it when it is missing.</summary>
    private static JsonElement Field(this JsonElement e, string key) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(key, out var v) ? v : throw new InvalidOperationException($"no \"{key}\"");

    /// <summary>The string property <paramref name="key"/>; a message naming it when it is missing or null.</summary>
    private static string Text(this JsonElement e, string key) =>
        e.Field(key).GetString() ?? throw new InvalidOperationException($"\"{key}\" is null");

    private static double Double(JsonElement e) => e.ValueKind == JsonValueKind.Number ? e.GetDouble() : double.NaN;

    private static long? NullableLong(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetInt64();

    private static int? NullableInt(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetInt32();

    private static long[] Longs(JsonElement e) => [.. e.EnumerateArray().Select(x => x.GetInt64())];

    private static int[] Ints(JsonElement e) => [.. e.EnumerateArray().Select(x => x.GetInt32())];
}
