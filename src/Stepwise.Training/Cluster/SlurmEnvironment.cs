using System.Globalization;

namespace Stepwise.Training.Cluster;

/// <summary>
/// What Slurm tells a job through its environment. Slurm 23.02 and later set <c>SLURM_JOB_END_TIME</c> (the job's end,
/// Unix seconds) in a batch job; the scripts <c>stepwise slurm</c> writes also export it on older versions (from
/// <c>squeue -o %e</c>), so a trainer can plan its stop from the scheduler's own clock.
/// </summary>
public static class SlurmEnvironment
{
    /// <summary>The variable holding the job's end time in Unix seconds.</summary>
    public const string EndTimeVariable = "SLURM_JOB_END_TIME";

    /// <summary>The job's end as an absolute UTC time, read from <see cref="EndTimeVariable"/>; null outside Slurm, when
    /// unset or blank, or when the value is not a whole number of seconds in 1..253402300799 (years 1970..9999).</summary>
    public static DateTime? Deadline() => Deadline(Environment.GetEnvironmentVariable(EndTimeVariable));

    /// <summary><see cref="Deadline()"/> for a given value of the variable (null: unset).</summary>
    public static DateTime? Deadline(string? endTime) => ParseEndTime(endTime).TryGetValue(out DateTime? d) ? d : null;

    /// <summary>Reads a value of <see cref="EndTimeVariable"/>: null for unset or blank, the UTC time for Unix seconds
    /// (ASCII digits, 1..253402300799), else a one-line message naming the variable and the value, for a warning.</summary>
    public static ParseResult<DateTime?> ParseEndTime(string? endTime)
    {
        if (string.IsNullOrWhiteSpace(endTime)) return ParseResult<DateTime?>.Ok(null);
        string s = endTime.Trim();
        if (!s.All(char.IsAsciiDigit) || !long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds) || seconds < 1 || seconds > 253_402_300_799)
            return ParseResult<DateTime?>.Fail($"{EndTimeVariable} = {s}: not a job end time; expected Unix seconds such as 1767225600 (ignored)");
        return ParseResult<DateTime?>.Ok(DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime);
    }
}
