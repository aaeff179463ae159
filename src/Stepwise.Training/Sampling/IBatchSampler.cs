namespace Stepwise.Training.Sampling;

/// <summary>Which train rows each update reads: W ranks, each with up to G micro-batches of up to b rows. Every answer is
/// a function of the update index alone, so positioning at any update is O(1) in the run's length.</summary>
public interface IBatchSampler
{
    /// <summary>Ranks W.</summary>
    long WorldSize { get; }

    /// <summary>The largest micro-batch, b rows.</summary>
    int MaxBatch { get; }

    /// <summary>The most micro-batches an update has on one rank, G.</summary>
    int MaxMicroBatches { get; }

    /// <summary>How many micro-batches update <paramref name="update"/> has on each rank (G, or fewer at an epoch's end).</summary>
    int MicroBatches(long update);

    /// <summary>Writes the rows of micro-batch <paramref name="micro"/> of rank <paramref name="rank"/> in update
    /// <paramref name="update"/> into <paramref name="rows"/>; returns how many.</summary>
    int Rows(long update, long rank, int micro, Span<long> rows);
}
