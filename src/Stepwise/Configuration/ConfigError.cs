namespace Stepwise.Configuration;

/// <summary>
/// One problem with the configuration, shown on one line: <c>key = value: what is wrong; what is allowed</c>.
/// <see cref="Key"/> is the key path as the user wrote it (e.g. <c>checkpoints.log_base</c> or <c>training.log_base</c>).
/// </summary>
public sealed record ConfigError(string Key, string? Value, string Message)
{
    /// <summary>The one-line message.</summary>
    public override string ToString() => OneLine(Value is null ? $"{Key}: {Message}" : $"{Key} = {Value}: {Message}");

    /// <summary>Line breaks quoted from user input are shown as <c>\n</c>, so a message stays on one line.</summary>
    private static string OneLine(string text) => text.Replace("\r\n", "\\n", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);
}
