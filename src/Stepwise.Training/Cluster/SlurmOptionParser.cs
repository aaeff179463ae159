using System.Globalization;
using Stepwise.Configuration;

namespace Stepwise.Training.Cluster;

/// <summary>The values of <c>stepwise slurm</c>'s options, checked before anything is measured or written; every
/// message is one line naming the option, the value and what is allowed.</summary>
public static class SlurmOptionParser
{
    /// <summary>The verbs a job may run.</summary>
    public static IReadOnlyList<string> Verbs => VerbWords;

    private static readonly string[] VerbWords = ["train", "prune", "dynamics"];

    /// <summary><c>--time</c>: a job time limit as sbatch reads it (<see cref="WallClock.ParseJobTime"/>: a bare number is
    /// minutes), positive, in whole seconds (a fraction rounds up; Slurm itself counts whole minutes, rounding up).</summary>
    public static ParseResult<long> Time(string text)
    {
        var parsed = WallClock.ParseJobTime(text);
        if (!parsed.TryGetValue(out var v)) return ParseResult<long>.Fail($"--time = {text}: {parsed.Error}");
        if (v.Amount <= 0) return ParseResult<long>.Fail($"--time = {text}: must be positive; allowed: e.g. 04:00:00, 1-00:00:00, 90 (minutes), 4h");
        return ParseResult<long>.Ok((long)decimal.Ceiling(v.Amount));
    }

    /// <summary><c>--grace auto|90s</c>: null for auto, else whole seconds 1..<see cref="GracePeriod.MaximumSeconds"/>
    /// (a fraction rounds up; a bare number is seconds).</summary>
    public static ParseResult<long?> Grace(string text)
    {
        if (string.Equals(text.Trim(), "auto", StringComparison.OrdinalIgnoreCase)) return ParseResult<long?>.Ok(null);
        var parsed = WallClock.Parse(text);
        if (!parsed.TryGetValue(out var v)) return ParseResult<long?>.Fail($"--grace = {text}: {parsed.Error}; allowed: auto or a time such as 90s, 5m");
        long seconds = (long)decimal.Ceiling(v.Amount);
        if (seconds < 1 || seconds > GracePeriod.MaximumSeconds)
            return ParseResult<long?>.Fail(string.Create(CultureInfo.InvariantCulture, $"--grace = {text}: allowed: auto or 1 s .. {GracePeriod.MaximumSeconds} s (sbatch --signal's limit)"));
        return ParseResult<long?>.Ok(seconds);
    }

    /// <summary><c>--step-time</c>, <c>--eval-time</c>, <c>--save-time</c>: seconds ≥ 0 (a bare number is seconds).</summary>
    public static ParseResult<decimal> Figure(string option, string text)
    {
        var parsed = WallClock.Parse(text);
        if (!parsed.TryGetValue(out var v)) return ParseResult<decimal>.Fail($"{option} = {text}: {parsed.Error}; allowed: a time such as 12s, 350ms, 2m");
        return ParseResult<decimal>.Ok(v.Amount);
    }

    /// <summary><c>--mem</c>: sbatch's form, a whole number with an optional unit K, M, G or T (M when none; 0: all of the
    /// node's memory); returned with the unit in upper case.</summary>
    public static ParseResult<string> Memory(string text)
    {
        string s = text.Trim();
        int digits = 0;
        while (digits < s.Length && char.IsAsciiDigit(s[digits])) digits++;
        string unit = s[digits..].ToUpperInvariant();
        if (digits == 0 || digits > 12 || unit is not ("" or "K" or "M" or "G" or "T"))
            return ParseResult<string>.Fail($"--mem = {text}: allowed: a whole number with an optional unit K, M, G or T (megabytes when none), e.g. 8G, 16000");
        return ParseResult<string>.Ok(s[..digits] + unit);
    }

    /// <summary><c>--partition</c>, <c>--account</c>: names of letters, digits and <c>_ - . :</c>, a comma between several.</summary>
    public static ParseResult<string> Name(string option, string text)
    {
        string s = text.Trim();
        if (s.Length == 0 || s.Length > 200 || !s.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or ':' or ',') || s.StartsWith(',') || s.EndsWith(',') || s.Contains(",,", StringComparison.Ordinal))
            return ParseResult<string>.Fail($"{option} = {text}: allowed: a Slurm name of letters, digits, _ - . : (several separated by commas), e.g. {option} gpu");
        return ParseResult<string>.Ok(s);
    }

    /// <summary><c>--cpus</c>: 1..100000 (also the engine's <c>--threads</c> in the job).</summary>
    public static ParseResult<int> Cpus(long value) =>
        value is >= 1 and <= 100_000 ? ParseResult<int>.Ok((int)value) : ParseResult<int>.Fail(string.Create(CultureInfo.InvariantCulture, $"--cpus = {value}: allowed: 1..100000"));

    /// <summary><c>--max-concurrent</c>: 1..<see cref="SweepPlan.MaxTasks"/>, only for an array.</summary>
    public static ParseResult<int> MaxConcurrent(long value, bool isArray)
    {
        if (!isArray) return ParseResult<int>.Fail("--max-concurrent limits the tasks of a job array; give it with --array or --sweep");
        return value is >= 1 and <= SweepPlan.MaxTasks ? ParseResult<int>.Ok((int)value)
            : ParseResult<int>.Fail(string.Create(CultureInfo.InvariantCulture, $"--max-concurrent = {value}: allowed: 1..{SweepPlan.MaxTasks}"));
    }

    /// <summary><c>--verb</c>: train, prune or dynamics.</summary>
    public static ParseResult<SlurmVerb> Verb(string text)
    {
        string s = text.Trim().ToLowerInvariant();
        int i = Array.IndexOf(VerbWords, s);
        if (i >= 0) return ParseResult<SlurmVerb>.Ok((SlurmVerb)i);
        string? near = DidYouMean.Suggest(s, Verbs);
        return ParseResult<SlurmVerb>.Fail($"--verb = {text}: not a long-running command{(near is null ? "" : $"; did you mean '{near}'?")} (allowed: {string.Join(", ", Verbs)})");
    }

    /// <summary>The command word of <paramref name="verb"/>.</summary>
    public static string Word(SlurmVerb verb) => VerbWords[(int)verb];

    /// <summary>The options of the job's command that the script sets itself, refused among the extra arguments.</summary>
    public static IReadOnlyList<string> Reserved { get; } = ["--out", "--resume", "--resume-from-epoch", "--wait-lock", "--overwrite"];

    /// <summary>Refuses extra arguments (after <c>--</c>) that the script sets itself.</summary>
    public static ParseResult<IReadOnlyList<string>> Extra(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        foreach (string a in args)
        {
            string name = a.Split('=', 2)[0];
            if (Reserved.Contains(name))
                return ParseResult<IReadOnlyList<string>>.Fail($"-- {a}: the job script sets {name} itself (each task trains its own run folder with --resume auto); leave it out");
            if (a.Contains('\0', StringComparison.Ordinal)) return ParseResult<IReadOnlyList<string>>.Fail("-- …: an argument holds a NUL character");
        }
        return ParseResult<IReadOnlyList<string>>.Ok(args);
    }
}
