using System.CommandLine;
using Stepwise.Cli.Commands;
using Stepwise.Training.Loop;

namespace Stepwise.Cli;

/// <summary>The <c>stepwise</c> command tree. Only parses, wires and prints; the work is in the libraries.</summary>
public static class StepwiseCli
{
    /// <summary>Builds the root command writing to <paramref name="cx"/>.</summary>
    public static RootCommand Create(CliContext cx) => new("Stepwise: step-exact training plans and runs on a CPU engine, and what they produce. "
        + "Exit codes: 0 done; 2 bad input (one line on stderr, nothing written); 3 stopped, resumable; 4 a write or checkpoint fault. See docs/cli.md.")
    {
        PlanCommand.Create(cx),
        CheckpointsCommand.Create(cx),
        WindowsCommand.Create(cx),
        TrainCommand.Create(cx),
        EvaluateCommand.Create(cx),
        MeasureCommand.Create(cx),
        GenerateCommand.Create(cx),
        PredictCommand.Create(cx),
        ExportCommand.Create(cx),
        ReportCommand.Create(cx),
        SlurmCommand.Create(cx),
        RunsCommand.Create(cx),
        InfluenceCommand.Create(cx),
        BatchesCommand.Create(cx),
        DynamicsCommand.Create(cx),
        PruneCommand.Create(cx),
    };

    /// <summary>Runs the CLI in memory or for real: returns the exit code (docs/cli.md). <paramref name="faults"/> injects
    /// checkpoint-write faults (the fault suite's host only).</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, Stepwise.Training.Loop.StopSignal? stop = null,
        Stepwise.Training.Checkpoints.ICheckpointFaults? faults = null)
    {
        var cx = new CliContext(output, error, stop, faults);
        var root = Create(cx);
        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var e in parsed.Errors) error.WriteLine($"stepwise: error: {e.Message}");
            error.WriteLine("Run 'stepwise --help' for usage.");
            return ExitCodes.BadInput;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (IOException e)
        {
            error.WriteLine($"stepwise: error: cannot write output: {e.Message}");
            return ExitCodes.WriteFault;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("STEPWISE_DEBUG") != "1")
        {
            error.WriteLine($"stepwise: internal error: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")} (a bug: please report it; STEPWISE_DEBUG=1 shows the stack)");
            return ExitCodes.InternalError;
        }
    }
}
