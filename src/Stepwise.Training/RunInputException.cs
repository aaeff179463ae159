namespace Stepwise.Training;

/// <summary>A run cannot start as asked (bad input: exit code 2, nothing written), e.g. a checkpoint from another
/// config, or no checkpoint at the requested epoch. The message is one line.</summary>
public sealed class RunInputException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RunInputException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public RunInputException() { }

    /// <summary>Creates the exception.</summary>
    public RunInputException(string message, Exception inner) : base(message, inner) { }
}
