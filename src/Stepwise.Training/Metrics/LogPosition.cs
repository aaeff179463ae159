using System.Security.Cryptography;

namespace Stepwise.Training.Metrics;

/// <summary>
/// Where an append-only run log stood at a checkpoint: its length and a SHA-256 chain over those bytes, so a resume can
/// check the prefix it keeps, cut the rest and go on hashing by reading at most one block, however long the run. The
/// file is cut into blocks of <see cref="BlockBytes"/>; H₀ is 32 zero bytes, H_{k+1} = SHA-256(H_k ‖ block k), and the
/// digest of a prefix of n bytes with k = ⌊n / block⌋ complete blocks is SHA-256(H_k ‖ the n − k·block bytes after them).
/// </summary>
/// <param name="Bytes">Length in bytes (whole lines only).</param>
/// <param name="Sha256">Lower-case hex digest of the first <paramref name="Bytes"/> bytes, as above.</param>
/// <param name="Lines">Lines in those bytes.</param>
/// <param name="Chain">Lower-case hex H_k, the chain over the complete blocks.</param>
/// <param name="BlockBytes">The block size.</param>
public sealed record LogPosition(long Bytes, string Sha256, long Lines, string Chain, int BlockBytes)
{
    /// <summary>The block size of new logs: 1 MiB (a resume reads at most this much of each log).</summary>
    public const int DefaultBlockBytes = 1 << 20;

    private static readonly string Zero = Convert.ToHexStringLower(new byte[32]);

    /// <summary>An empty file.</summary>
    public static LogPosition Empty { get; } = new(0, Convert.ToHexStringLower(SHA256.HashData(new byte[32])), 0, Zero, DefaultBlockBytes);
}
