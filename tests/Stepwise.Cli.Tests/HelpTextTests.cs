namespace Stepwise.Cli.Tests;

/// <summary>Issue 13's first contact: help that says what an option does, in the docs' words.</summary>
public class HelpTextTests
{
    public static TheoryData<string> Commands() => new() { "plan", "checkpoints", "windows", "train", "evaluate", "measure", "generate", "predict", "export", "report", "runs", "slurm", "influence", "batches", "dynamics", "prune" };

    [Fact]
    public void The_root_help_lists_the_exit_codes()
    {
        var (code, output, _) = CliRunner.Run("--help");
        Assert.Equal(0, code);
        Assert.Contains("Exit codes: 0 done; 2 bad input", output, StringComparison.Ordinal);
        Assert.Contains("3 stopped, resumable; 4 a write or checkpoint fault", output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Every_command_has_an_example_no_seed_jargon_lowercase_choices_and_no_doubled_defaults(string command)
    {
        var (code, output, _) = CliRunner.Run(command, "--help");
        Assert.Equal(0, code);
        Assert.Contains($"Example: stepwise {command} ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("seed 00", output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<Csv", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Text]", output, StringComparison.Ordinal);
        foreach (string line in output.Split('\n'))
            Assert.False((line.Contains("(default ", StringComparison.Ordinal) || line.Contains("; default ", StringComparison.Ordinal)) && line.Contains("[default:", StringComparison.Ordinal), $"doubled default: {line}");
    }
}
