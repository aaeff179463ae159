namespace Stepwise.Cli;

/// <summary>The exit codes of every command: a public contract (docs/cli.md); cluster scripts depend on them.</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;
    /// <summary>Bad input: usage errors, invalid or contradictory config, missing or unreadable input files. Nothing is written.</summary>
    public const int BadInput = 2;
    /// <summary>Stopped on a time limit or signal; resumable.</summary>
    public const int Stopped = 3;
    /// <summary>A write or checkpoint fault.</summary>
    public const int WriteFault = 4;
    /// <summary>An internal error (a bug in Stepwise), reported in one line.</summary>
    public const int InternalError = 70;
}
