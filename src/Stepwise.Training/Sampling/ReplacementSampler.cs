using System.Runtime.CompilerServices;
using Stepwise.Engine;

namespace Stepwise.Training.Sampling;

/// <summary>
/// The rows of a run whose epoch is a fixed number of updates (seed 003: a patch-based or streaming dataset, an epoch of
/// <c>steps_per_epoch</c> iterations, <c>samples_per_epoch</c> samples, or an <c>epoch_time</c>): every micro-batch is b
/// rows drawn uniformly with replacement from the N train rows, G full micro-batches per rank and update. Micro-batch m
/// of rank r in update u uses its own generator, seeded by (seed, u·W·G + r·G + m), so any update is positioned in O(1)
/// and a resumed run draws exactly what an uninterrupted one drew. An epoch is just a count of updates; coverage per
/// epoch is samples per epoch / N (seed 003's definition).
/// </summary>
public sealed class ReplacementSampler : IBatchSampler
{
    private readonly long _n;
    private readonly int _batch;
    private readonly int _accum;
    private readonly ulong _seed;

    /// <summary>A sampler over <paramref name="trainSize"/> rows for <paramref name="geometry"/>'s batch shape.</summary>
    public ReplacementSampler(long trainSize, EpochGeometry geometry, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentOutOfRangeException.ThrowIfLessThan(trainSize, 1);
        _n = trainSize;
        _batch = checked((int)geometry.BatchSize);
        _accum = checked((int)geometry.GradAccum);
        WorldSize = geometry.WorldSize;
        _seed = seed;
    }

    /// <inheritdoc/>
    public long WorldSize { get; }

    /// <inheritdoc/>
    public int MaxBatch => _batch;

    /// <inheritdoc/>
    public int MaxMicroBatches => _accum;

    /// <inheritdoc/>
    public int MicroBatches(long update) => _accum;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Rows(long update, long rank, int micro, Span<long> rows)
    {
        if ((ulong)rank >= (ulong)WorldSize) throw new ArgumentOutOfRangeException(nameof(rank));
        if ((uint)micro >= (uint)_accum) throw new ArgumentOutOfRangeException(nameof(micro));
        ulong index = checked((ulong)update * (ulong)WorldSize * (ulong)_accum + (ulong)rank * (ulong)_accum + (ulong)micro);
        var rng = new Rng(SeedStreams.Derive(_seed, SeedStreams.Replacement, index));
        for (int i = 0; i < _batch; i++) rows[i] = rng.NextLong(_n);
        return _batch;
    }
}
