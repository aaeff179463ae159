using System.Text;
using System.Text.Json;

namespace Stepwise.Training.Runs;

/// <summary>
/// <c>run.json</c>: the run's status, the step it stands at, the plan's total, the thread count, why it stopped, the
/// best checkpoint and the final evaluation (split → loss and accuracy). Written with a JSON writer, atomically; it holds
/// no wall-clock fields, so an interrupted and resumed run ends with the bytes of an uninterrupted one.
/// </summary>
/// <param name="Status">The status.</param>
/// <param name="Step">The step reached (updated while running).</param>
/// <param name="TotalSteps">The plan's T.</param>
/// <param name="StepsPerEpoch">U.</param>
/// <param name="Threads">Engine threads.</param>
/// <param name="StopReason">Why it stopped (signal, time limit), or null.</param>
/// <param name="BestModelCheckpoint">The best checkpoint by the retention metric, or null.</param>
/// <param name="Final">The final evaluation: metric name (<c>{split}_loss</c>, <c>{split}_accuracy</c>) → value; empty until completed.</param>
public sealed record RunStatusFile(RunStatus Status, long Step, long TotalSteps, long StepsPerEpoch, int Threads, string? StopReason,
    string? BestModelCheckpoint, IReadOnlyList<KeyValuePair<string, double>> Final)
{
    /// <summary>The status as written: running, completed, stopped, failed.</summary>
    public static string Name(RunStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>The JSON text.</summary>
    public string ToJson()
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("status", Name(Status));
            w.WriteNumber("step", Step);
            w.WriteNumber("total_steps", TotalSteps);
            w.WriteNumber("steps_per_epoch", StepsPerEpoch);
            w.WriteNumber("threads", Threads);
            if (StopReason is not null) w.WriteString("stop_reason", StopReason);
            if (BestModelCheckpoint is not null) w.WriteString("best_model_checkpoint", BestModelCheckpoint);
            w.WriteStartObject("final");
            foreach (var (name, value) in Final) w.Number(name, value);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>Writes <paramref name="runDirectory"/>/run.json atomically.</summary>
    public void Write(string runDirectory) => RunFiles.WriteAtomic(Path.Combine(runDirectory, RunFiles.Run), ToJson());

    /// <summary>Reads <paramref name="path"/>; null when it is missing; <see cref="FormatException"/> when it is not a run.json.</summary>
    public static RunStatusFile? Read(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var r = doc.RootElement;
            string status = r.GetProperty("status").GetString() ?? "";
            if (!Enum.TryParse(status, ignoreCase: true, out RunStatus s) || status != Name(s)) throw new FormatException($"status '{status}' is not running, completed, stopped or failed");
            return new RunStatusFile(s, r.GetProperty("step").GetInt64(), r.GetProperty("total_steps").GetInt64(), r.GetProperty("steps_per_epoch").GetInt64(),
                r.GetProperty("threads").GetInt32(),
                r.TryGetProperty("stop_reason", out var why) ? why.GetString() : null,
                r.TryGetProperty("best_model_checkpoint", out var best) ? best.GetString() : null,
                r.GetProperty("final").EnumerateObject().Select(p => new KeyValuePair<string, double>(p.Name, p.Value.ValueKind == JsonValueKind.Number ? p.Value.GetDouble() : double.NaN)).ToList());
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"{path}: not a Stepwise run.json: {e.Message.ReplaceLineEndings(" ")}", e);
        }
    }
}
