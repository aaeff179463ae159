namespace Stepwise.Cli;

/// <summary>Where a command writes: results to <see cref="Out"/>, diagnostics to <see cref="Err"/>.</summary>
public sealed record CliContext(TextWriter Out, TextWriter Err)
{
    /// <summary>Writes a one-line error and returns <see cref="ExitCodes.BadInput"/>.</summary>
    public int BadInput(string message)
    {
        Err.WriteLine($"stepwise: error: {message}");
        return ExitCodes.BadInput;
    }
}
