using System.CommandLine;
using Stepwise.Training;
using Stepwise.Training.Inference;

namespace Stepwise.Cli.Commands;

/// <summary><c>stepwise generate CHECKPOINT --prompt TEXT [--tokens 200] [--temperature 0] [--top-k K] [--seed S]</c>:
/// continues a prompt with a TinyGpt checkpoint (greedy by default, seeded sampling with a temperature).</summary>
public static class GenerateCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext cx)
    {
        var checkpoint = new Argument<string>("CHECKPOINT") { Description = "A checkpoint_step_N folder of a text (tiny_gpt) run" };
        var prompt = new Option<string>("--prompt") { Description = "The text to continue", Required = true, HelpName = "TEXT" };
        var tokens = new Option<int>("--tokens") { Description = "Tokens to generate", DefaultValueFactory = _ => 200, HelpName = "N" };
        var temperature = new Option<double>("--temperature") { Description = "0 picks the most likely token; above 0 samples softmax(logits / T)", DefaultValueFactory = _ => 0, HelpName = "T" };
        var topK = new Option<int>("--top-k") { Description = "Sample only among the K most likely tokens (0: all)", DefaultValueFactory = _ => 0, HelpName = "K" };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the sampling (the same seed gives the same text)", DefaultValueFactory = _ => 0, HelpName = "S" };
        var command = new Command("generate", "Continue a prompt with a trained text model. Example: stepwise generate runs/t/checkpoint_step_500 --prompt \"ROMEO:\" --tokens 100")
        {
            checkpoint, prompt, tokens, temperature, topK, seed,
        };
        command.SetAction(r =>
        {
            try
            {
                var model = CheckpointModel.Open(r.GetValue(checkpoint)!);
                string text = TextGenerator.Generate(model, r.GetValue(prompt)!, r.GetValue(tokens), r.GetValue(temperature), r.GetValue(topK), r.GetValue(seed));
                cx.Out.WriteLine(r.GetValue(prompt) + text);
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
