using System.Globalization;
using System.Text;
using System.Text.Json;
using nietras.SeparatedValues;

namespace Stepwise.Training.Cluster;

/// <summary><c>stepwise runs</c>'s JSON and CSV forms of <see cref="SweepRun"/> rows (the text table is the CLI's).
/// Numbers are written in their shortest round-trip form, invariant culture; a missing value is null (JSON) or empty (CSV).</summary>
public static class SweepRunTable
{
    /// <summary>The evaluation metric names of <paramref name="runs"/>, in order of first appearance.</summary>
    public static IReadOnlyList<string> MetricNames(IEnumerable<SweepRun> runs) =>
        runs.SelectMany(r => r.LastEvaluation?.Values.Select(v => v.Key) ?? []).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>A number as written: shortest round-trip, invariant; empty for null or non-finite.</summary>
    public static string Number(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    /// <summary>An array of objects: name, sweep, index, overrides (an object), status, step, total_steps, loss and
    /// loss_step (the last training row), eval_step and metrics (the last evaluation row), best_checkpoint,
    /// allocations, problem.</summary>
    public static string Json(IReadOnlyList<SweepRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            foreach (var r in runs)
            {
                w.WriteStartObject();
                w.WriteString("name", r.Name);
                if (r.Sweep is null) w.WriteNull("sweep"); else w.WriteString("sweep", r.Sweep);
                if (r.Index is { } i) w.WriteNumber("index", i); else w.WriteNull("index");
                w.WriteStartObject("overrides");
                foreach (var (k, v) in r.Overrides) w.WriteString(k, v);
                w.WriteEndObject();
                w.WriteString("status", r.StatusName);
                w.WriteNumber("step", r.Step);
                if (r.TotalSteps is { } t) w.WriteNumber("total_steps", t); else w.WriteNull("total_steps");
                w.Number("loss", r.LastTraining?.Get("loss"));
                if (r.LastTraining is { } lt) w.WriteNumber("loss_step", lt.Step); else w.WriteNull("loss_step");
                if (r.LastEvaluation is { } le) w.WriteNumber("eval_step", le.Step); else w.WriteNull("eval_step");
                w.WriteStartObject("metrics");
                foreach (var (k, v) in r.LastEvaluation?.Values ?? []) w.Number(k, v);
                w.WriteEndObject();
                if (r.BestCheckpoint is null) w.WriteNull("best_checkpoint"); else w.WriteString("best_checkpoint", r.BestCheckpoint);
                if (r.Allocations is { } a) w.WriteNumber("allocations", a); else w.WriteNull("allocations");
                if (r.Problem is null) w.WriteNull("problem"); else w.WriteString("problem", r.Problem);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()).ReplaceLineEndings("\n") + "\n";
    }

    /// <summary>One row per run: name, sweep, index, overrides, status, step, total_steps, loss, eval_step, one column
    /// per evaluation metric (<see cref="MetricNames"/>), best_checkpoint, allocations (RFC 4180 quoting).</summary>
    public static void Csv(TextWriter output, IReadOnlyList<SweepRun> runs)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(runs);
        var metrics = MetricNames(runs);
        string[] header = ["name", "sweep", "index", "overrides", "status", "step", "total_steps", "loss", "eval_step", .. metrics, "best_checkpoint", "allocations"];
        using var writer = Sep.New(',').Writer(o => o with { Escape = true, CultureInfo = CultureInfo.InvariantCulture }).To(output, leaveOpen: true);
        if (runs.Count == 0)
        {
            output.WriteLine(string.Join(',', header));
            return;
        }
        foreach (var r in runs)
        {
            using var row = writer.NewRow();
            string I(long? v) => v is { } x ? x.ToString(CultureInfo.InvariantCulture) : "";
            row["name"].Set(r.Name);
            row["sweep"].Set(r.Sweep ?? "");
            row["index"].Set(I(r.Index));
            row["overrides"].Set(r.OverridesText);
            row["status"].Set(r.StatusName);
            row["step"].Set(I(r.Step));
            row["total_steps"].Set(I(r.TotalSteps));
            row["loss"].Set(Number(r.LastTraining?.Get("loss")));
            row["eval_step"].Set(I(r.LastEvaluation?.Step));
            foreach (string m in metrics) row[m].Set(Number(r.LastEvaluation?.Get(m)));
            row["best_checkpoint"].Set(r.BestCheckpoint ?? "");
            row["allocations"].Set(I(r.Allocations));
        }
    }
}
