namespace Stepwise.Configuration;

/// <summary>
/// One problem with the configuration, shown on one line: <c>key = value: what is wrong; what is allowed</c>.
/// <see cref="Key"/> is the key path as the user wrote it (e.g. <c>checkpoints.log_base</c> or <c>training.log_base</c>).
/// </summary>
public sealed record ConfigError(string Key, string? Value, string Message)
{
    /// <summary>The one-line message.</summary>
    public override string ToString() => Value is null ? $"{Key}: {Message}" : $"{Key} = {Value}: {Message}";
}
