namespace Stepwise.Training.Cluster;

/// <summary>
/// Quoting for the scripts <c>stepwise slurm</c> writes. In the bash body a value is written bare when it holds only
/// <c>A-Z a-z 0-9 _ - . / : = @ + , %</c>, else in single quotes with each <c>'</c> written <c>'\''</c> — exact for
/// any text without NUL. An <c>#SBATCH</c> line is parsed by sbatch, not bash: there a value is bare, in double quotes,
/// or in single quotes; one holding a backslash, a control character or both quote kinds cannot be written and is refused.
/// </summary>
public static class ShellQuote
{
    /// <summary><paramref name="value"/> as one bash word.</summary>
    public static string Bash(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Contains('\0', StringComparison.Ordinal)) throw new ArgumentException("a NUL cannot be passed to a program", nameof(value));
        if (value.Length > 0 && value.All(IsSafe)) return value;
        return "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    /// <summary><paramref name="value"/> as the value of an <c>#SBATCH --option=value</c> line, or why it cannot be one
    /// (<paramref name="what"/> names it in the message).</summary>
    public static ParseResult<string> Sbatch(string value, string what)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > 0 && value.All(IsSafe)) return ParseResult<string>.Ok(value);
        if (value.Contains('\\', StringComparison.Ordinal) || value.Any(char.IsControl) || (value.Contains('"', StringComparison.Ordinal) && value.Contains('\'', StringComparison.Ordinal)))
            return ParseResult<string>.Fail($"{what} = {value}: sbatch cannot read it in an #SBATCH line (a backslash, a control character or both quote kinds); choose another");
        return ParseResult<string>.Ok(value.Contains('"', StringComparison.Ordinal) ? "'" + value + "'" : "\"" + value + "\"");
    }

    private static bool IsSafe(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/' or ':' or '=' or '@' or '+' or ',' or '%';
}
