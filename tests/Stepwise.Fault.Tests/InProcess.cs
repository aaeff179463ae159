namespace Stepwise.Fault.Tests;

/// <summary>Runs the CLI in memory: <c>Stepwise.Cli.StepwiseCli.Run(args, out, err)</c>.</summary>
internal static class InProcess
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = Stepwise.Cli.StepwiseCli.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }
}
