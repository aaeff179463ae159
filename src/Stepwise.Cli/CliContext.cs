using Stepwise.Training.Checkpoints;
using Stepwise.Training.Loop;

namespace Stepwise.Cli;

/// <summary>Where a command writes: results to <see cref="Out"/>, diagnostics to <see cref="Err"/>; <see cref="Stop"/> is
/// the stop request that signal handlers installed at start-up set (null in memory); <see cref="Faults"/> injects
/// checkpoint-write faults (the fault suite's host; null in production).</summary>
public sealed record CliContext(TextWriter Out, TextWriter Err, StopSignal? Stop = null, ICheckpointFaults? Faults = null)
{
    /// <summary>Writes a one-line error and returns <see cref="ExitCodes.BadInput"/>.</summary>
    public int BadInput(string message)
    {
        Err.WriteLine($"stepwise: error: {message}");
        return ExitCodes.BadInput;
    }
}
