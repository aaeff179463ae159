using System.Globalization;
using System.Text;
using System.Text.Json;
using Stepwise.Training.Metrics;
using Stepwise.Training.Setup;

namespace Stepwise.Training.State;

/// <summary>
/// <c>trainer_state.json</c> of a checkpoint: the Hugging Face <c>TrainerState</c> fields (<c>global_step</c>, <c>epoch</c>,
/// <c>max_steps</c>, <c>logging_steps</c>, <c>eval_steps</c>, <c>save_steps</c>, <c>train_batch_size</c>,
/// <c>num_train_epochs</c>, <c>total_flos</c>, <c>log_history</c> with HF's metric names, <c>best_metric</c>,
/// <c>best_global_step</c>, <c>best_model_checkpoint</c>) plus a <c>stepwise</c> object with what a bit-exact resume
/// needs: the RNG state, the sampler position, the thread count, config and plan hashes, the run identity, and where the
/// run's logs stood (length and SHA-256 of each), so a resume cuts them back without re-reading their history.
/// Written with a fixed field order and no timestamps: the same run writes the same bytes.
/// </summary>
public sealed record TrainerState
{
    /// <summary>The step (updates done).</summary>
    public long GlobalStep { get; init; }
    /// <summary>Epochs done, step / U.</summary>
    public double Epoch { get; init; }
    /// <summary>T of the plan that wrote it.</summary>
    public long MaxSteps { get; init; }
    /// <summary>Updates per epoch U.</summary>
    public long StepsPerEpoch { get; init; }
    /// <summary>Training rows are logged every this many steps.</summary>
    public long LoggingSteps { get; init; } = 1;
    /// <summary>Eval interval in steps when the schedule is every-N, else null.</summary>
    public long? EvalSteps { get; init; }
    /// <summary>Checkpoint interval in steps when the schedule is every-N, else null.</summary>
    public long? SaveSteps { get; init; }
    /// <summary>Per-device batch size b.</summary>
    public long TrainBatchSize { get; init; }
    /// <summary>ceil(T / U).</summary>
    public long NumTrainEpochs { get; init; }
    /// <summary>Floating-point operations of training so far (6 × parameters × samples or tokens), as HF estimates them; null when unknown.</summary>
    public double? TotalFlos { get; init; }
    /// <summary>Train rows read by the updates so far (padding repeats counted), for <see cref="TotalFlos"/>.</summary>
    public long SamplesSeen { get; init; }
    /// <summary>The bounded metrics history with Hugging Face names (<see cref="LogHistory"/>), as raw JSON objects.</summary>
    public IReadOnlyList<string> LogHistory { get; init; } = [];
    /// <summary>The best value of the retention metric so far, or null.</summary>
    public double? BestMetric { get; init; }
    /// <summary>The step of <see cref="BestMetric"/>, or null.</summary>
    public long? BestGlobalStep { get; init; }
    /// <summary>The checkpoint folder of <see cref="BestMetric"/>, or null.</summary>
    public string? BestModelCheckpoint { get; init; }
    /// <summary>Dropout RNG state (four words), or null.</summary>
    public ulong[]? RngState { get; init; }
    /// <summary>Engine threads of the run.</summary>
    public int Threads { get; init; }
    /// <summary>SHA-256 of the resolved config.</summary>
    public string ConfigHash { get; init; } = "";
    /// <summary>SHA-256 of plan.json.</summary>
    public string PlanHash { get; init; } = "";
    /// <summary>The learning-rate schedule of every update so far (segments across resumes with another duration).</summary>
    public required LrTimeline LrTimeline { get; init; }
    /// <summary>What the model takes and gives (features, scaling, classes, vocabulary), for the checkpoint alone.</summary>
    public required ModelSignature Model { get; init; }
    /// <summary>What a resume must agree on.</summary>
    public required RunIdentity Identity { get; init; }
    /// <summary>Where each of the run folder's logs stood at this step (file name → position).</summary>
    public IReadOnlyDictionary<string, LogPosition> Logs { get; init; } = new Dictionary<string, LogPosition>();
    /// <summary>The retention metric at the steps of checkpoints that still exist (for keep_best after a resume).</summary>
    public IReadOnlyDictionary<long, double> CheckpointMetrics { get; init; } = new Dictionary<long, double>();
    /// <summary>SHA-256 of model.safetensors and optimizer.safetensors.</summary>
    public IReadOnlyDictionary<string, string> Files { get; init; } = new Dictionary<string, string>();

    /// <summary>The JSON text.</summary>
    public string ToJson()
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("global_step", GlobalStep);
            w.WriteNumber("epoch", Epoch);
            w.WriteNumber("max_steps", MaxSteps);
            w.WriteNumber("logging_steps", LoggingSteps);
            if (EvalSteps is { } es) w.WriteNumber("eval_steps", es); else w.WriteNull("eval_steps");
            if (SaveSteps is { } ss) w.WriteNumber("save_steps", ss); else w.WriteNull("save_steps");
            w.WriteNumber("train_batch_size", TrainBatchSize);
            w.WriteNumber("num_train_epochs", NumTrainEpochs);
            if (TotalFlos is { } flos) w.WriteNumber("total_flos", flos); else w.WriteNull("total_flos");
            w.WritePropertyName("log_history");
            w.WriteRawValue("[" + string.Join(",", LogHistory) + "]", skipInputValidation: true);
            if (BestMetric is { } bm) w.WriteNumber("best_metric", bm); else w.WriteNull("best_metric");
            if (BestGlobalStep is { } bg) w.WriteNumber("best_global_step", bg); else w.WriteNull("best_global_step");
            if (BestModelCheckpoint is { } bc) w.WriteString("best_model_checkpoint", bc); else w.WriteNull("best_model_checkpoint");
            w.WriteBoolean("is_local_process_zero", true);
            w.WriteBoolean("is_world_process_zero", true);
            w.WriteStartObject("stepwise");
            w.WriteNumber("format", TrainingAssembly.FormatVersion);
            w.WriteNumber("steps_per_epoch", StepsPerEpoch);
            w.WriteStartObject("sampler");
            w.WriteNumber("next_update", GlobalStep);
            w.WriteNumber("epoch_index", StepsPerEpoch == 0 ? 0 : GlobalStep / StepsPerEpoch);
            w.WriteNumber("update_in_epoch", StepsPerEpoch == 0 ? 0 : GlobalStep % StepsPerEpoch);
            w.WriteEndObject();
            if (RngState is { } rng)
            {
                w.WriteStartArray("rng_state");
                foreach (ulong word in rng) w.WriteStringValue(word.ToString("x16", CultureInfo.InvariantCulture));
                w.WriteEndArray();
            }
            else
            {
                w.WriteNull("rng_state");
            }
            w.WriteNumber("threads", Threads);
            w.WriteNumber("samples_seen", SamplesSeen);
            w.WriteString("config_sha256", ConfigHash);
            w.WriteString("plan_sha256", PlanHash);
            w.WritePropertyName("lr_schedules");
            LrTimeline.Write(w);
            w.WritePropertyName("model");
            Model.Write(w);
            w.WritePropertyName("identity");
            Identity.Write(w);
            w.WriteStartObject("logs");
            foreach (var (name, pos) in Logs.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                w.WriteStartObject(name);
                w.WriteNumber("bytes", pos.Bytes);
                w.WriteNumber("lines", pos.Lines);
                w.WriteString("sha256", pos.Sha256);
                w.WriteString("chain", pos.Chain);
                w.WriteNumber("block_bytes", pos.BlockBytes);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteStartObject("checkpoint_metrics");
            foreach (var (step, value) in CheckpointMetrics.OrderBy(p => p.Key)) w.WriteNumber(step.ToString(CultureInfo.InvariantCulture), value);
            w.WriteEndObject();
            w.WriteStartObject("files_sha256");
            foreach (var (k, v) in Files.OrderBy(p => p.Key, StringComparer.Ordinal)) w.WriteString(k, v);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>Parses the JSON text; throws <see cref="FormatException"/> with a one-line reason.</summary>
    public static TrainerState Parse(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var r = doc.RootElement;
            var s = r.GetProperty("stepwise");
            int format = s.GetProperty("format").GetInt32();
            if (format != TrainingAssembly.FormatVersion)
                throw new FormatException($"it has format {format}; this Stepwise reads format {TrainingAssembly.FormatVersion} (train again, or use the Stepwise that wrote it)");
            static long? OptionalLong(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : null;
            static double? OptionalDouble(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
            return new TrainerState
            {
                GlobalStep = r.GetProperty("global_step").GetInt64(),
                Epoch = r.GetProperty("epoch").GetDouble(),
                MaxSteps = r.GetProperty("max_steps").GetInt64(),
                LoggingSteps = r.GetProperty("logging_steps").GetInt64(),
                EvalSteps = OptionalLong(r, "eval_steps"),
                SaveSteps = OptionalLong(r, "save_steps"),
                TrainBatchSize = r.GetProperty("train_batch_size").GetInt64(),
                NumTrainEpochs = r.GetProperty("num_train_epochs").GetInt64(),
                TotalFlos = OptionalDouble(r, "total_flos"),
                LogHistory = r.GetProperty("log_history").EnumerateArray().Select(e => e.GetRawText()).ToList(),
                BestMetric = OptionalDouble(r, "best_metric"),
                BestGlobalStep = OptionalLong(r, "best_global_step"),
                BestModelCheckpoint = r.GetProperty("best_model_checkpoint").ValueKind == JsonValueKind.String ? r.GetProperty("best_model_checkpoint").GetString() : null,
                StepsPerEpoch = s.GetProperty("steps_per_epoch").GetInt64(),
                RngState = s.GetProperty("rng_state").ValueKind == JsonValueKind.Array
                    ? s.GetProperty("rng_state").EnumerateArray().Select(e => ulong.Parse(e.GetString()!, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray()
                    : null,
                Threads = s.GetProperty("threads").GetInt32(),
                SamplesSeen = s.GetProperty("samples_seen").GetInt64(),
                ConfigHash = s.GetProperty("config_sha256").GetString() ?? "",
                PlanHash = s.GetProperty("plan_sha256").GetString() ?? "",
                LrTimeline = LrTimeline.Read(s.GetProperty("lr_schedules")),
                Model = ModelSignature.Read(s.GetProperty("model")),
                Identity = RunIdentity.Read(s.GetProperty("identity")),
                Logs = s.GetProperty("logs").EnumerateObject().ToDictionary(p => p.Name,
                    p => new LogPosition(p.Value.GetProperty("bytes").GetInt64(), p.Value.GetProperty("sha256").GetString()!, p.Value.GetProperty("lines").GetInt64(),
                        // a checkpoint written before the chain (no "chain") cannot be continued: its log is rebuilt from log_history
                        p.Value.TryGetProperty("chain", out var chain) ? chain.GetString() ?? "" : "",
                        p.Value.TryGetProperty("block_bytes", out var block) ? block.GetInt32() : LogPosition.DefaultBlockBytes),
                    StringComparer.Ordinal),
                CheckpointMetrics = s.GetProperty("checkpoint_metrics").EnumerateObject()
                    .ToDictionary(p => long.Parse(p.Name, NumberStyles.None, CultureInfo.InvariantCulture), p => p.Value.GetDouble()),
                Files = s.GetProperty("files_sha256").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal),
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or OverflowException)
        {
            throw new FormatException($"trainer_state.json is not a Stepwise trainer state: {e.Message.ReplaceLineEndings(" ")}", e);
        }
    }
}
