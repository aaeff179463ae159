using System.CommandLine;
using Stepwise.Training;
using Stepwise.Training.Export;
using Stepwise.Training.Inference;

namespace Stepwise.Cli.Commands;

/// <summary><c>stepwise export CHECKPOINT --to hf|torch DIR</c>: a TinyGpt in Hugging Face's GPT-2 layout, an MLP as a
/// torch.nn.Sequential state dict (docs/export.md).</summary>
public static class ExportCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext cx)
    {
        var checkpoint = new Argument<string>("CHECKPOINT") { Description = "A checkpoint_step_N folder" };
        var dir = new Argument<string>("DIR") { Description = "The folder to write (new or empty)" };
        var to = new Option<string?>("--to") { Description = "hf: a tiny_gpt as GPT2LMHeadModel; torch: an mlp or logreg as torch.nn.Sequential (default: by model)", HelpName = "hf|torch" };
        var command = new Command("export", "Write a checkpoint's model for Hugging Face or PyTorch. Example: stepwise export runs/t/checkpoint_step_500 --to hf out/gpt")
        {
            checkpoint, dir, to,
        };
        command.SetAction(r =>
        {
            try
            {
                string shown = r.GetValue(checkpoint)!;
                var model = CheckpointModel.Open(shown);
                string format = r.GetValue(to) ?? ModelExport.DefaultFormat(model);
                var files = ModelExport.Write(model, format, r.GetValue(dir)!, shown);
                foreach (string f in files) cx.Out.WriteLine(f);
                return ExitCodes.Ok;
            }
            catch (RunInputException e)
            {
                return cx.BadInput(e.Message);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                cx.Err.WriteLine($"stepwise: error: cannot write {r.GetValue(dir)}: {e.Message}");
                return ExitCodes.WriteFault;
            }
        });
        return command;
    }
}
