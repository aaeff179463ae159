namespace Stepwise.Tests.Text;

/// <summary>Slurm's time forms and the clock units, row by row (the forms of <c>sbatch --time</c>).</summary>
public sealed class WallClockTests
{
    [Theory]
    [InlineData("04:00:00", 14_400)]
    [InlineData("4:00:00", 14_400)]
    [InlineData("90:00", 5_400)]          // MM:SS with more than 59 minutes, as Slurm reads it
    [InlineData("48:00:00", 172_800)]     // HH:MM:SS with more than 23 hours
    [InlineData("1-00:00:00", 86_400)]
    [InlineData("2-12", 216_000)]         // D-HH
    [InlineData("2-12:30", 217_800)]      // D-HH:MM
    [InlineData("0-00:00:30", 30)]
    [InlineData(" 00:01:00 ", 60)]
    [InlineData("2h", 7_200)]
    [InlineData("90m", 5_400)]
    [InlineData("1.5d", 129_600)]
    public void Forms_are_read_as_Slurm_reads_them(string text, long seconds)
    {
        Assert.Equal(seconds, WallClock.Parse(text).Value.Amount);
        Assert.Equal(seconds, WallClock.ParseJobTime(text).Value.Amount);
    }

    [Fact]
    public void A_bare_number_is_seconds_for_a_limit_and_minutes_for_a_job_time()
    {
        Assert.Equal(240m, WallClock.Parse("240").Value.Amount);
        Assert.Equal(14_400m, WallClock.ParseJobTime("240").Value.Amount);
    }

    [Theory]
    [InlineData("99:99", "seconds 99 out of range 0..59 (MM:SS)")]
    [InlineData("1:60:00", "minutes 60 out of range 0..59 (HH:MM:SS)")]
    [InlineData("1-24:00:00", "hours 24 out of range 0..23 (D-HH:MM:SS)")]
    [InlineData("1:2:3:4", "not a wall-clock time")]
    [InlineData("1:-2", "not a whole number")]
    [InlineData("a:00", "not a whole number")]
    [InlineData("1:", "not a whole number")]
    [InlineData("30st", "not a wall-clock time")]
    [InlineData("3ep", "not a wall-clock time")]
    [InlineData("-5m", "negative")]
    [InlineData("9999999999999:00", "too large")]
    [InlineData("", "empty")]
    public void Bad_forms_name_what_is_wrong(string text, string fragment)
    {
        var parsed = WallClock.ParseJobTime(text);
        Assert.False(parsed.Success);
        Assert.Contains(fragment, parsed.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "00:00:00")]
    [InlineData(59, "00:00:59")]
    [InlineData(14_400, "04:00:00")]
    [InlineData(86_399, "23:59:59")]
    [InlineData(86_400, "1-00:00:00")]
    [InlineData(266_461, "3-02:01:01")]
    public void FormatSlurm_writes_sbatch_form(long seconds, string text) => Assert.Equal(text, WallClock.FormatSlurm(seconds));

    [Theory]
    [InlineData(0, "0 s")]
    [InlineData(45, "45 s")]
    [InlineData(90, "1 min 30 s")]
    [InlineData(14_400, "4 h")]
    [InlineData(183_900, "2 d 3 h 5 min")]
    public void Describe_writes_words(long seconds, string text) => Assert.Equal(text, WallClock.Describe(seconds));
}
