using Stepwise.Training.Cluster;

namespace Stepwise.Training.Tests.Cluster;

/// <summary>SLURM_JOB_END_TIME as the trainer's deadline.</summary>
public sealed class SlurmEnvironmentTests
{
    [Fact]
    public void Unix_seconds_are_the_UTC_end()
    {
        var d = SlurmEnvironment.Deadline("1767225600");
        Assert.Equal(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), d);
        Assert.Equal(DateTimeKind.Utc, d!.Value.Kind);
        Assert.Equal(d, SlurmEnvironment.Deadline(" 1767225600\n"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Unset_or_blank_is_no_deadline_and_no_warning(string? value)
    {
        Assert.Null(SlurmEnvironment.Deadline(value));
        Assert.True(SlurmEnvironment.ParseEndTime(value).Success);
    }

    [Theory]
    [InlineData("Unknown")]
    [InlineData("2026-01-01T00:00:00")]
    [InlineData("-5")]
    [InlineData("0")]
    [InlineData("1.5e9")]
    [InlineData("253402300800")]
    [InlineData("99999999999999999999999")]
    public void Anything_else_is_no_deadline_with_a_one_line_warning(string value)
    {
        Assert.Null(SlurmEnvironment.Deadline(value));
        var parsed = SlurmEnvironment.ParseEndTime(value);
        Assert.False(parsed.Success);
        Assert.StartsWith("SLURM_JOB_END_TIME = ", parsed.Error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', parsed.Error!);
    }

    [Fact]
    public void The_process_environment_is_read()
    {
        string? before = Environment.GetEnvironmentVariable(SlurmEnvironment.EndTimeVariable);
        try
        {
            Environment.SetEnvironmentVariable(SlurmEnvironment.EndTimeVariable, "2000000000");
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(2_000_000_000).UtcDateTime, SlurmEnvironment.Deadline());
            Environment.SetEnvironmentVariable(SlurmEnvironment.EndTimeVariable, null);
            Assert.Null(SlurmEnvironment.Deadline());
        }
        finally
        {
            Environment.SetEnvironmentVariable(SlurmEnvironment.EndTimeVariable, before);
        }
    }
}
