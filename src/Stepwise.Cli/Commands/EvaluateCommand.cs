using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Stepwise.Cli.Output;
using Stepwise.Training;

namespace Stepwise.Cli.Commands;

/// <summary><c>stepwise evaluate CHECKPOINT [--splits train,val,test] [--format text|json]</c>: evaluates a saved
/// checkpoint (seed 001's evaluation on several splits). The checkpoint folder alone is enough.</summary>
public static class EvaluateCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext cx)
    {
        var checkpoint = new Argument<string>("CHECKPOINT") { Description = "A checkpoint_step_N folder" };
        var splits = new Option<string?>("--splits") { Description = "Comma-separated splits (default: every split of the run)", HelpName = "LIST" };
        var format = CommonOptions.Format();
        var command = new Command("evaluate", "Evaluate a checkpoint on named splits (the checkpoint folder alone is enough). Example: stepwise evaluate runs/q/checkpoint_step_340 --splits val,test") { checkpoint, splits, format };
        command.SetAction(r =>
        {
            var names = r.GetValue(splits)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (names is { Length: 0 }) return cx.BadInput("--splits: give at least one split name, e.g. --splits val,test");
            try
            {
                var run = TrainingRun.Open(r.GetValue(checkpoint)!, warn: line => cx.Err.WriteLine($"stepwise: {line}"));
                long step = run.Step.Value;
                var metrics = (names ?? run.Model.Splits).Select(run.Evaluate).ToList();
                if (CommonOptions.FormatOf(r.GetValue(format)) == OutputFormat.Csv)
                {
                    cx.Out.WriteLine("checkpoint,step,split,loss,accuracy,count");
                    string name = Path.GetFileName(Path.GetFullPath(r.GetValue(checkpoint)!.TrimEnd('/')));
                    foreach (var m in metrics)
                        cx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name},{step},{m.Split},{m.Loss:R},{m.Accuracy:R},{m.Count}"));
                }
                else if (CommonOptions.FormatOf(r.GetValue(format)) == OutputFormat.Json)
                {
                    var obj = new Dictionary<string, object>
                    {
                        ["checkpoint"] = Path.GetFileName(Path.GetFullPath(r.GetValue(checkpoint)!.TrimEnd('/'))),
                        ["step"] = step,
                        ["metrics"] = metrics.ToDictionary(m => m.Split, m => new Dictionary<string, object> { ["loss"] = m.Loss, ["accuracy"] = m.Accuracy, ["count"] = m.Count }),
                    };
                    cx.Out.WriteLine(JsonSerializer.Serialize(obj));
                }
                else
                {
                    cx.Out.WriteLine($"checkpoint step {step}");
                    if (run.Setup.Data.ClassNames is { } classes)
                        cx.Out.WriteLine("   classes: " + string.Join(", ", classes.Select((c, i) => string.Create(CultureInfo.InvariantCulture, $"{i} = {c}"))));
                    foreach (var m in metrics)
                        cx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   {m.Split,-10} loss {m.Loss:F6}  accuracy {m.Accuracy:F4}  ({m.Count} rows)"));
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
}
