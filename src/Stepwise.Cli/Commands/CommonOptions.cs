using System.CommandLine;
using Stepwise.Cli.Output;

namespace Stepwise.Cli.Commands;

/// <summary>Arguments and options shared by the planning commands.</summary>
public static class CommonOptions
{
    /// <summary>The config file argument.</summary>
    public static Argument<string> Config() => new("CONFIG") { Description = "YAML config file (keys: docs/config.md)" };

    /// <summary><c>--set key.path=value</c>, repeatable.</summary>
    public static Option<string[]> Set() => new("--set")
    {
        HelpName = "key=value",
        Description = "Override a config key, e.g. --set checkpoints.every=500 (repeatable)",
        AllowMultipleArgumentsPerToken = false,
        DefaultValueFactory = _ => [],
    };

    /// <summary><c>--threads N</c>: the engine's thread count for train and measure (Training checks the range).</summary>
    public static Option<int?> Threads() => new("--threads") { Description = "Engine threads, 1..256 (default: the config's threads, else the processor count)", HelpName = "N" };


    /// <summary><c>--format text|json|csv</c>; a command that supports fewer formats names them in <paramref name="allowed"/>
    /// (default <paramref name="fallback"/>), so that every value its help lists works. Read it with <see cref="FormatOf"/>.</summary>
    public static Option<string> Format(OutputFormat fallback = OutputFormat.Text, params OutputFormat[] allowed)
    {
        OutputFormat[] formats = allowed.Length == 0 ? [OutputFormat.Text, OutputFormat.Json, OutputFormat.Csv] : allowed;
        string[] names = formats.Select(Name).ToArray();
        return new Option<string>("--format")
        {
            Description = "Result format",
            HelpName = string.Join("|", names),
            DefaultValueFactory = _ => Name(fallback),
            CustomParser = r =>
            {
                string token = r.Tokens.Count == 0 ? "" : r.Tokens[0].Value;
                if (names.Contains(token.ToLowerInvariant())) return token.ToLowerInvariant();
                r.AddError($"--format = {token}: not a format of this command; allowed: {string.Join(", ", names)}");
                return Name(fallback);
            },
        };
    }

    /// <summary>The format a <see cref="Format"/> option's value names.</summary>
    public static OutputFormat FormatOf(string? name) =>
        Enum.TryParse(name, ignoreCase: true, out OutputFormat f) ? f : OutputFormat.Text;

    private static string Name(OutputFormat f) => f.ToString().ToLowerInvariant();

    /// <summary>An optional whole-number option (<c>--stages K</c>); a token that is not a whole number is a one-line
    /// usage error naming the option, the value and what is allowed. Ranges are checked later, against the config.</summary>
    public static Option<long?> WholeNumber(string name, string description, string helpName = "N") => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = r =>
        {
            string token = r.Tokens.Count == 0 ? "" : r.Tokens[0].Value;
            if (long.TryParse(token, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out long value)) return value;
            r.AddError($"{name} = {token}: not a whole number; allowed: an integer such as {name} 5");
            return null;
        },
    };

    /// <summary>Writes JSON or reports why it cannot.</summary>
    public static int WriteJson(CliContext cx, Planning.Plan plan, bool byEpoch)
    {
        var json = Planning.PlanJson.Write(plan, byEpoch);
        if (!json.TryGetValue(out string? text)) return cx.BadInput(json.Error!);
        cx.Out.WriteLine(text);
        return ExitCodes.Ok;
    }

    /// <summary>Parses a positive wall-clock option such as <c>--time-limit 2h</c> or Slurm's <c>--time-limit 04:00:00</c>
    /// (<see cref="WallClock.Parse"/>: a bare number is seconds) into seconds, or the one-line message naming the option,
    /// the value and <paramref name="examples"/>.</summary>
    public static ParseResult<decimal> Clock(string option, string text, string examples)
    {
        var parsed = WallClock.Parse(text);
        if (parsed.TryGetValue(out var tv) && tv.Amount > 0) return ParseResult<decimal>.Ok(tv.Amount);
        return ParseResult<decimal>.Fail($"{option} = {text}: {(parsed.Success ? "must be a positive wall-clock time" : parsed.Error)}; allowed: e.g. {examples} or {WallClock.SlurmForms}");
    }
}
