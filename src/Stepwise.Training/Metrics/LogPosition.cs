namespace Stepwise.Training.Metrics;

/// <summary>Where an append-only run log stood at a checkpoint: its length and the SHA-256 of those bytes, so a resume
/// can check the prefix it keeps and cut the rest in one read, however long the run.</summary>
/// <param name="Bytes">Length in bytes (whole lines only).</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the first <paramref name="Bytes"/> bytes.</param>
/// <param name="Lines">Lines in those bytes.</param>
public sealed record LogPosition(long Bytes, string Sha256, long Lines)
{
    /// <summary>An empty file.</summary>
    public static LogPosition Empty { get; } = new(0, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData([])), 0);
}
