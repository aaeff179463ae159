using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Stepwise.Analysis;
using Stepwise.Analysis.Influence;
using Stepwise.Cli.Output;
using Stepwise.Training;
using Stepwise.Training.Replay;

namespace Stepwise.Cli.Commands;

/// <summary><c>stepwise batches RUN_DIR [--window A:B] [--format text|csv|json]</c>: which samples each update read,
/// with its weight and rate, from the run's own sampler (a function of the seed and the plan: nothing recorded is
/// needed). CSV, one row per sample occurrence: <c>update,epoch,rank,micro,sample,source_row,weight,lr</c>
/// (docs/influence.md).</summary>
public static class BatchesCommand
{
    /// <summary>The CSV header.</summary>
    public const string CsvHeader = "update,epoch,rank,micro,sample,source_row,weight,lr";

    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext cx)
    {
        var run = new Argument<string>("RUN_DIR") { Description = "A run folder (or one of its checkpoint_step_N folders)" };
        var window = new Option<string?>("--window") { Description = "Updates A:B (inclusive; default all of them)" };
        var format = CommonOptions.Format();
        var command = new Command("batches", "The samples every update read, with their weights and the learning rate, from the run's own sampler. Example: stepwise batches runs/q --window 0:9 --format csv") { run, window, format };
        command.SetAction(r =>
        {
            try
            {
                var opened = TrainingRun.Open(r.GetValue(run)!, warn: line => cx.Err.WriteLine($"stepwise: {line}"));
                long total = opened.Setup.TotalSteps;
                var w = new StepWindow(0, total - 1);
                if (r.GetValue(window) is { } text)
                {
                    var parsed = WindowSpec.Parse("--window", text);
                    if (!parsed.TryGetValue(out w)) return cx.BadInput(parsed.Error!);
                    w = InfluenceAnalysis.Windows(new InfluenceRequest { RunPath = "", Windows = [w] }, total)[0];
                }
                var rows = new UpdateBatches(opened).Rows(w);
                switch (CommonOptions.FormatOf(r.GetValue(format)))
                {
                    case OutputFormat.Csv:
                        cx.Out.WriteLine(CsvHeader);
                        foreach (var b in rows)
                            cx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{b.Update},{b.Epoch},{b.Rank},{b.Micro},{b.Sample},{b.SourceRow},{b.Weight:R},{b.LearningRate:R}"));
                        break;
                    case OutputFormat.Json:
                        WriteJson(cx.Out, w, rows);
                        break;
                    default:
                        WriteText(cx.Out, w, rows, opened);
                        break;
                }
                return ExitCodes.Ok;
            }
            catch (RunInputException e)
            {
                return cx.BadInput(e.Message);
            }
        });
        return command;
    }

    private static void WriteText(TextWriter o, StepWindow w, IEnumerable<BatchRow> rows, TrainingRun run)
    {
        var g = run.Setup.Geometry;
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Batches of updates {w} (update t takes state t to t+1): {g.WorldSize} rank(s) × up to {g.GradAccum} micro-batch(es) of up to {g.BatchSize} samples"));
        o.WriteLine("weight = the sample's coefficient in the update's objective, 1/(W·g·n); lr = the rate applied (float32)");
        foreach (var update in rows.GroupBy(b => b.Update))
        {
            var first = update.First();
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"update {first.Update} (epoch {first.Epoch}, lr {first.LearningRate:R}):"));
            foreach (var micro in update.GroupBy(b => (b.Rank, b.Micro)))
            {
                o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"   rank {micro.Key.Rank} micro {micro.Key.Micro} (weight {micro.First().Weight:R}): {string.Join(" ", micro.Select(b => b.Sample.ToString(CultureInfo.InvariantCulture)))}"));
            }
        }
    }

    private static void WriteJson(TextWriter o, StepWindow window, IEnumerable<BatchRow> rows)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteNumber("schema_version", AnalysisAssembly.SchemaVersion);
            w.WriteNumber("start", window.Start);
            w.WriteNumber("end", window.End);
            w.WriteStartArray("updates");
            foreach (var update in rows.GroupBy(b => b.Update))
            {
                var first = update.First();
                w.WriteStartObject();
                w.WriteNumber("update", first.Update);
                w.WriteNumber("epoch", first.Epoch);
                w.WriteNumber("lr", first.LearningRate);
                w.WriteStartArray("rows");
                foreach (var b in update)
                {
                    w.WriteStartObject();
                    w.WriteNumber("rank", b.Rank);
                    w.WriteNumber("micro", b.Micro);
                    w.WriteNumber("sample", b.Sample);
                    w.WriteNumber("source_row", b.SourceRow);
                    w.WriteNumber("weight", b.Weight);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        o.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }
}
