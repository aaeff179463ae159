using System.Globalization;
using System.Text;
using System.Text.Json;
using Stepwise.Training.Metrics;

namespace Stepwise.Training.State;

/// <summary>
/// <c>trainer_state.json</c> of a checkpoint: the Hugging Face <c>TrainerState</c> field names (<c>global_step</c>,
/// <c>epoch</c>, <c>max_steps</c>, <c>log_history</c>, <c>best_metric</c>, <c>best_model_checkpoint</c>, <c>eval_steps</c>,
/// <c>save_steps</c>, <c>train_batch_size</c>, <c>num_train_epochs</c>) plus a <c>stepwise</c> object with what a
/// bit-exact resume needs (RNG state, sampler position, thread count, config and plan hashes, identity keys).
/// Written with a fixed field order and no timestamps.
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
    /// <summary>The metrics rows up to <see cref="GlobalStep"/>, as raw JSON objects.</summary>
    public IReadOnlyList<string> LogHistory { get; init; } = [];
    /// <summary>The best value of the retention metric so far, or null.</summary>
    public double? BestMetric { get; init; }
    /// <summary>The checkpoint folder of <see cref="BestMetric"/>, or null.</summary>
    public string? BestModelCheckpoint { get; init; }
    /// <summary>Eval interval in steps when the schedule is every-N, else null.</summary>
    public long? EvalSteps { get; init; }
    /// <summary>Checkpoint interval in steps when the schedule is every-N, else null.</summary>
    public long? SaveSteps { get; init; }
    /// <summary>Per-device batch size b.</summary>
    public long TrainBatchSize { get; init; }
    /// <summary>ceil(T / U).</summary>
    public long NumTrainEpochs { get; init; }
    /// <summary>Dropout RNG state (four words), or null.</summary>
    public ulong[]? RngState { get; init; }
    /// <summary>Engine threads of the run.</summary>
    public int Threads { get; init; }
    /// <summary>SHA-256 of the resolved config.</summary>
    public string ConfigHash { get; init; } = "";
    /// <summary>SHA-256 of plan.json.</summary>
    public string PlanHash { get; init; } = "";
    /// <summary>Data, geometry, model, optimizer and seed, as compared on resume.</summary>
    public IReadOnlyDictionary<string, string> Identity { get; init; } = new Dictionary<string, string>();
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
            w.WritePropertyName("log_history");
            w.WriteRawValue("[" + string.Join(",", LogHistory) + "]", skipInputValidation: true);
            if (BestMetric is { } bm) w.WriteNumber("best_metric", bm); else w.WriteNull("best_metric");
            if (BestModelCheckpoint is { } bc) w.WriteString("best_model_checkpoint", bc); else w.WriteNull("best_model_checkpoint");
            if (EvalSteps is { } es) w.WriteNumber("eval_steps", es); else w.WriteNull("eval_steps");
            if (SaveSteps is { } ss) w.WriteNumber("save_steps", ss); else w.WriteNull("save_steps");
            w.WriteNumber("train_batch_size", TrainBatchSize);
            w.WriteNumber("num_train_epochs", NumTrainEpochs);
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
            w.WriteString("config_sha256", ConfigHash);
            w.WriteString("plan_sha256", PlanHash);
            w.WriteStartObject("identity");
            foreach (var (k, v) in Identity.OrderBy(p => p.Key, StringComparer.Ordinal)) w.WriteString(k, v);
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
            return new TrainerState
            {
                GlobalStep = r.GetProperty("global_step").GetInt64(),
                Epoch = r.GetProperty("epoch").GetDouble(),
                MaxSteps = r.GetProperty("max_steps").GetInt64(),
                LogHistory = MetricsLog.FromHistory(r.GetProperty("log_history")),
                BestMetric = r.GetProperty("best_metric").ValueKind == JsonValueKind.Number ? r.GetProperty("best_metric").GetDouble() : null,
                BestModelCheckpoint = r.GetProperty("best_model_checkpoint").ValueKind == JsonValueKind.String ? r.GetProperty("best_model_checkpoint").GetString() : null,
                TrainBatchSize = r.GetProperty("train_batch_size").GetInt64(),
                NumTrainEpochs = r.GetProperty("num_train_epochs").GetInt64(),
                StepsPerEpoch = s.GetProperty("steps_per_epoch").GetInt64(),
                RngState = s.GetProperty("rng_state").ValueKind == JsonValueKind.Array
                    ? s.GetProperty("rng_state").EnumerateArray().Select(e => ulong.Parse(e.GetString()!, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray()
                    : null,
                Threads = s.GetProperty("threads").GetInt32(),
                ConfigHash = s.GetProperty("config_sha256").GetString() ?? "",
                PlanHash = s.GetProperty("plan_sha256").GetString() ?? "",
                Identity = s.GetProperty("identity").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal),
                Files = s.GetProperty("files_sha256").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal),
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or OverflowException)
        {
            throw new FormatException($"trainer_state.json is not a Stepwise trainer state: {e.Message.ReplaceLineEndings(" ")}", e);
        }
    }
}
