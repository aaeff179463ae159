using System.Globalization;
using System.Text;
using System.Text.Json;
using Stepwise.Scheduling;

namespace Stepwise.Planning;

/// <summary>
/// Writes the stable JSON contract of a plan (docs/cli.md): <c>steps_per_epoch</c>, <c>total_steps</c>, <c>epochs</c>,
/// <c>samples_per_step</c>, <c>epoch_ends</c>, <c>windows</c>, <c>checkpoints</c>, <c>evaluations</c>, then geometry,
/// estimates and warnings. Lists hold every step; a list over <see cref="MaxListEntries"/> is refused.
/// </summary>
public static class PlanJson
{
    /// <summary>The largest list the JSON contract writes.</summary>
    public const long MaxListEntries = 10_000_000;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The plan as indented JSON, or a one-line message when a list is too long to write.</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="byEpoch">Also write <c>by_epoch</c>: the checkpoints grouped by epoch.</param>
    public static ParseResult<string> Write(Plan plan, bool byEpoch = false)
    {
        foreach (var (name, counter) in new (string, Func<long>)[] { ("epoch_ends", () => plan.Epochs.EpochCount), ("checkpoints", plan.Checkpoints.Count), ("evaluations", plan.Evaluations.Count) })
        {
            long count = counter();
            if (count > MaxListEntries)
            {
                return ParseResult<string>.Fail(string.Create(Inv,
                    $"{name}: {count:N0} entries, more than the {MaxListEntries:N0} a JSON listing allows; use a coarser schedule or the text format"));
            }
        }
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            var geometry = plan.Geometry;
            var estimates = plan.Estimates();
            w.WriteStartObject();
            w.WriteNumber("steps_per_epoch", plan.StepsPerEpoch);
            w.WriteNumber("total_steps", plan.TotalSteps.Value);
            w.WritePropertyName("epochs");
            w.WriteRawValue(Decimal(plan.EpochsExact, 6, forceFraction: true));
            w.WriteNumber("epochs_ceil", plan.Epochs.EpochCount);
            if (geometry is null) w.WriteNull("samples_per_step");
            else w.WriteNumber("samples_per_step", geometry.SamplesPerStep);
            WriteSteps(w, "epoch_ends", plan.Epochs.Ends());
            w.WriteStartArray("windows");
            for (int i = 0; i < plan.Windows.Count; i++)
            {
                var win = plan.Windows[i];
                w.WriteStartObject();
                w.WriteNumber("stage", i + 1);
                w.WriteNumber("start", win.Start);
                w.WriteNumber("end", win.End);
                w.WriteNumber("length", win.Length.Value);
                w.WritePropertyName("epochs");
                w.WriteRawValue(Decimal((decimal)win.Length.Value / plan.StepsPerEpoch, 6, forceFraction: true));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            WriteSteps(w, "checkpoints", plan.Checkpoints.Enumerate());
            WriteSteps(w, "evaluations", plan.Evaluations.Enumerate());
            if (byEpoch)
            {
                w.WriteStartArray("by_epoch");
                foreach (var group in ByEpoch(plan)) WriteSteps(w, null, group);
                w.WriteEndArray();
            }
            w.WriteString("duration_source", plan.DurationSource);
            w.WriteStartObject("geometry");
            if (geometry is null)
            {
                w.WriteString("kind", "total_steps_over_epochs");
            }
            else
            {
                w.WriteString("kind", geometry.Kind switch
                {
                    GeometryKind.Dataset => "dataset",
                    GeometryKind.FixedSteps => "steps_per_epoch",
                    GeometryKind.FixedSamples => "samples_per_epoch",
                    _ => "epoch_time",
                });
                if (geometry.TrainSize is { } n) w.WriteNumber("train_size", n);
                w.WriteNumber("batch_size", geometry.BatchSize);
                w.WriteNumber("grad_accum", geometry.GradAccum);
                w.WriteNumber("world_size", geometry.WorldSize);
                w.WriteBoolean("drop_last", geometry.DropLast);
                if (geometry.SamplesPerRank is { } s) w.WriteNumber("samples_per_rank", s);
                if (geometry.BatchesPerRank is { } l) w.WriteNumber("batches_per_rank", l);
                w.WriteNumber("samples_per_epoch", geometry.SamplesPerEpoch);
            }
            w.WriteEndObject();
            if (plan.UniqueSamples is { } u) w.WriteNumber("unique_samples", u);
            else w.WriteNull("unique_samples");
            WriteDecimal(w, "coverage", plan.Coverage, 6);
            w.WriteStartObject("estimates");
            w.WriteNumber("checkpoint_count", estimates.CheckpointCount);
            w.WriteNumber("evaluation_count", estimates.EvaluationCount);
            if (plan.KeepLast is { } keep) w.WriteNumber("keep_last", keep);
            else w.WriteNull("keep_last");
            if (estimates.StorageBytes is { } bytes) w.WriteNumber("storage_bytes", bytes);
            else w.WriteNull("storage_bytes");
            WriteDecimal(w, "step_seconds", plan.StepSeconds, 6);
            WriteDecimal(w, "epoch_seconds", estimates.EpochSeconds, 3);
            WriteDecimal(w, "total_seconds", estimates.TotalSeconds, 3);
            w.WriteEndObject();
            w.WriteStartArray("warnings");
            foreach (string warning in plan.Warnings) w.WriteStringValue(warning);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return ParseResult<string>.Ok(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>The checkpoints grouped by the epoch whose span holds them (epoch 1: states 0..e₁).</summary>
    public static IEnumerable<List<Step>> ByEpoch(Plan plan)
    {
        var current = new List<Step>();
        long epoch = 1;
        foreach (Step s in plan.Checkpoints.Enumerate())
        {
            long e = plan.Epochs.EpochOf(s);
            while (epoch < e)
            {
                yield return current;
                current = [];
                epoch++;
            }
            current.Add(s);
        }
        while (epoch <= plan.Epochs.EpochCount)
        {
            yield return current;
            current = [];
            epoch++;
        }
    }

    /// <summary>A decimal rounded half-to-even to <paramref name="places"/> places, trailing zeros trimmed (keeping one when <paramref name="forceFraction"/>).</summary>
    public static string Decimal(decimal value, int places, bool forceFraction = false)
    {
        string text = TimeValue.FormatAmount(Math.Round(value, places, MidpointRounding.ToEven));
        return forceFraction && !text.Contains('.', StringComparison.Ordinal) ? text + ".0" : text;
    }

    private static void WriteDecimal(Utf8JsonWriter w, string name, decimal? value, int places)
    {
        w.WritePropertyName(name);
        if (value is { } v) w.WriteRawValue(Decimal(v, places));
        else w.WriteNullValue();
    }

    private static void WriteSteps(Utf8JsonWriter w, string? name, IEnumerable<Step> steps)
    {
        if (name is null) w.WriteStartArray();
        else w.WriteStartArray(name);
        foreach (Step s in steps) w.WriteNumberValue(s.Value);
        w.WriteEndArray();
    }
}
