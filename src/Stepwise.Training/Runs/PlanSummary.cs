using System.Text.Json;

namespace Stepwise.Training.Runs;

/// <summary>The numbers of a run folder's <c>plan.json</c> (the JSON contract of docs/cli.md) as typed values.</summary>
/// <param name="StepsPerEpoch">U.</param>
/// <param name="TotalSteps">T.</param>
/// <param name="Epochs">T / U (6 decimals).</param>
/// <param name="SamplesPerStep">Samples per update, or null without a geometry.</param>
/// <param name="EpochEnds">The states that end epochs.</param>
/// <param name="Windows">The stage windows (inclusive update indices).</param>
/// <param name="Checkpoints">Checkpoint steps.</param>
/// <param name="Evaluations">Evaluation steps.</param>
public sealed record PlanSummary(long StepsPerEpoch, long TotalSteps, decimal Epochs, long? SamplesPerStep, IReadOnlyList<Step> EpochEnds,
    IReadOnlyList<StepWindow> Windows, IReadOnlyList<Step> Checkpoints, IReadOnlyList<Step> Evaluations)
{
    /// <summary>Parses plan.json text; throws <see cref="FormatException"/> with a one-line reason.</summary>
    public static PlanSummary Parse(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var r = doc.RootElement;
            static IReadOnlyList<Step> Steps(JsonElement e) => e.EnumerateArray().Select(x => new Step(x.GetInt64())).ToList();
            return new PlanSummary(
                r.GetProperty("steps_per_epoch").GetInt64(),
                r.GetProperty("total_steps").GetInt64(),
                r.GetProperty("epochs").GetDecimal(),
                r.GetProperty("samples_per_step").ValueKind == JsonValueKind.Number ? r.GetProperty("samples_per_step").GetInt64() : null,
                Steps(r.GetProperty("epoch_ends")),
                r.GetProperty("windows").EnumerateArray().Select(w => new StepWindow(w.GetProperty("start").GetInt64(), w.GetProperty("end").GetInt64())).ToList(),
                Steps(r.GetProperty("checkpoints")),
                Steps(r.GetProperty("evaluations")));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            throw new FormatException($"plan.json: {e.Message.ReplaceLineEndings(" ")}", e);
        }
    }
}
