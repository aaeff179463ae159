using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Stepwise.Cli.Output;
using Stepwise.Training;
using Stepwise.Training.Inference;

namespace Stepwise.Cli.Commands;

/// <summary><c>stepwise predict CHECKPOINT --data FILE.csv [--label COLUMN] [--format csv|json]</c>: class and
/// probabilities per row with a tabular checkpoint (features by column name, scaled as in training).</summary>
public static class PredictCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext cx)
    {
        var checkpoint = new Argument<string>("CHECKPOINT") { Description = "A checkpoint_step_N folder of a tabular (logreg or mlp) run" };
        var data = new Option<string>("--data") { Description = "CSV file whose header names the model's features", Required = true, HelpName = "FILE" };
        var label = new Option<string>("--label") { Description = "A label column to compare with (used when the file has it)", DefaultValueFactory = _ => "label", HelpName = "COLUMN" };
        var format = CommonOptions.Format(OutputFormat.Csv, OutputFormat.Csv, OutputFormat.Json);
        var command = new Command("predict", "Predict the rows of a CSV file with a trained tabular model. Example: stepwise predict runs/q/checkpoint_step_340 --data new.csv")
        {
            checkpoint, data, label, format,
        };
        command.SetAction(r =>
        {
            try
            {
                string shown = r.GetValue(data)!;
                var model = CheckpointModel.Open(r.GetValue(checkpoint)!);
                var rows = TabularPredictor.Predict(model, shown, Path.GetFullPath(shown), r.GetValue(label));
                var sig = model.Signature;
                var names = Enumerable.Range(0, sig.Classes).Select(sig.ClassName).ToList();
                if (CommonOptions.FormatOf(r.GetValue(format)) == OutputFormat.Json)
                {
                    var json = rows.Select(p => new Dictionary<string, object?>
                    {
                        ["line"] = p.Line,
                        ["class"] = names[p.Class],
                        ["probabilities"] = names.Zip(p.Probabilities).ToDictionary(x => x.First, x => x.Second),
                        ["label"] = p.Label,
                        ["correct"] = p.Correct,
                    });
                    cx.Out.WriteLine(JsonSerializer.Serialize(json));
                }
                else
                {
                    bool labelled = rows.Count > 0 && rows[0].Label is not null;
                    cx.Out.WriteLine(string.Join(",", new[] { "line", "class" }.Concat(names.Select(n => "p_" + Csv(n))).Concat(labelled ? ["label", "correct"] : [])));
                    foreach (var p in rows)
                    {
                        var cells = new List<string> { p.Line.ToString(CultureInfo.InvariantCulture), Csv(names[p.Class]) };
                        cells.AddRange(p.Probabilities.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
                        if (labelled) cells.AddRange([Csv(p.Label!), p.Correct == true ? "true" : "false"]);
                        cx.Out.WriteLine(string.Join(",", cells));
                    }
                }
                if (rows.Count > 0 && rows[0].Label is not null)
                    cx.Err.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stepwise: accuracy {rows.Count(p => p.Correct == true) / (double)rows.Count:P1} on {rows.Count} labelled rows"));
                return ExitCodes.Ok;
            }
            catch (RunInputException e)
            {
                return cx.BadInput(e.Message);
            }
        });
        return command;
    }

    private static string Csv(string cell) => cell.AsSpan().IndexOfAny(",\"\n\r") < 0 ? cell : "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
