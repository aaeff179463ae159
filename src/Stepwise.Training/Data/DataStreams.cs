using Stepwise.Engine;


namespace Stepwise.Training.Data;

/// <summary>
/// The random streams of data loading. Each consumer gets <c>new Rng(seed).Fork(stream)</c>, so the draws of one
/// (say, the split shuffle) never depend on how many draws another made.
/// </summary>
internal static class DataStreams
{
    /// <summary>Blob centres and samples.</summary>
    public const ulong Blobs = 1;

    /// <summary>The row shuffle that carves splits (and picks the N-row subset).</summary>
    public const ulong Split = 2;

    /// <summary>Which train rows get noisy labels, and their new labels.</summary>
    public const ulong LabelNoise = 3;

    /// <summary>The generated text corpus.</summary>
    public const ulong Corpus = 4;

    /// <summary>The generator for <paramref name="stream"/> under <paramref name="seed"/>.</summary>
    public static Rng For(ulong seed, ulong stream) => new Rng(seed).Fork(stream);
}
