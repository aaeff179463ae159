using Stepwise.Cli;

namespace Stepwise.Reports.Tests;

/// <summary>Runs the CLI in memory (as the CLI tests do) and finds repository files.</summary>
public static class CliReport
{
    /// <summary>The exit code, stdout and stderr of one invocation.</summary>
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = StepwiseCli.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    /// <summary>The repository root (the folder holding Stepwise.slnx).</summary>
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Stepwise.slnx"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("Stepwise.slnx not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>The path of an example config.</summary>
    public static string Example(string name) => Path.Combine(RepoRoot, "examples", name);
}
