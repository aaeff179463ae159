namespace Stepwise.Training;

/// <summary>
/// Independent seeds derived from the run's seed, one per use (data splits, initialization, sampler epochs, dropout),
/// so that changing how one stream is consumed never shifts another. SplitMix64 finalizer of (seed, stream, index).
/// </summary>
public static class SeedStreams
{
    /// <summary>Stream of the data source (splits, generated data).</summary>
    public const ulong Data = 0x44415441UL;
    /// <summary>Stream of parameter initialization.</summary>
    public const ulong Init = 0x494E4954UL;
    /// <summary>Stream of the per-epoch sampler permutations (index = 0-based epoch).</summary>
    public const ulong Sampler = 0x53414D50UL;
    /// <summary>Stream of the replacement sampler's micro-batches (index = the micro-batch's number in the run).</summary>
    public const ulong Replacement = 0x52455044UL;
    /// <summary>Stream of dropout masks.</summary>
    public const ulong Dropout = 0x44524F50UL;

    /// <summary>The seed of <paramref name="stream"/> number <paramref name="index"/> under <paramref name="seed"/>.</summary>
    public static ulong Derive(ulong seed, ulong stream, ulong index = 0)
    {
        unchecked
        {
            ulong z = seed ^ (stream * 0x9E3779B97F4A7C15UL) ^ (index * 0xD1B54A32D192ED03UL);
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
