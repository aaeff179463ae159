using System.Runtime.CompilerServices;
using Stepwise.Engine;

namespace Stepwise.Training.Sampling;

/// <summary>
/// Which training rows every update reads, as PyTorch's DistributedSampler + DataLoader + gradient accumulation
/// lay them out, computed for all W ranks in one process so that plans and logs agree with a multi-process run.
/// <list type="bullet">
/// <item>Epoch e (0-based) shuffles rows 0..N−1 with a permutation that depends only on (seed, e).</item>
/// <item>Without drop_last the permutation is padded by repeating its start up to S·W rows (S = ceil(N/W));
/// with drop_last it is cut to S·W rows (S = floor(N/W)). Rank r takes positions r, r+W, r+2W, …</item>
/// <item>Each rank's S rows form L batches of b (the last one shorter unless drop_last); update u of the epoch takes
/// micro-batches uG .. min(uG+G, L)−1, so the last update of an epoch may have fewer than G micro-batches.</item>
/// </list>
/// Positioning at any update costs one permutation of the epoch (O(N)), never a walk over earlier batches.
/// </summary>
public sealed class EpochSampler : IBatchSampler
{
    private readonly long _n;
    private readonly long _world;
    private readonly long _batch;
    private readonly long _accum;
    private readonly ulong _seed;
    private long _cachedEpoch = -1;
    private int[] _perm = [];

    /// <summary>Creates a sampler over the rows of a dataset <paramref name="geometry"/> (S, L and U are read from it).</summary>
    /// <exception cref="ArgumentException">The geometry is not a dataset's (it has no train size).</exception>
    public EpochSampler(EpochGeometry geometry, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        if (geometry.TrainSize is not { } n || geometry.SamplesPerRank is not { } s || geometry.BatchesPerRank is not { } l)
            throw new ArgumentException("the epoch sampler needs a dataset geometry (a train size)", nameof(geometry));
        if (n > int.MaxValue) throw new ArgumentOutOfRangeException(nameof(geometry), n, "1..2^31−1 rows");
        _n = n;
        _world = geometry.WorldSize;
        _batch = geometry.BatchSize;
        _accum = geometry.GradAccum;
        _seed = seed;
        SamplesPerRank = s;
        BatchesPerRank = l;
        UpdatesPerEpoch = geometry.UpdatesPerEpoch;
    }

    /// <summary>S: rows per rank per epoch.</summary>
    public long SamplesPerRank { get; }

    /// <summary>L: batches per rank per epoch.</summary>
    public long BatchesPerRank { get; }

    /// <summary>U: updates per epoch.</summary>
    public long UpdatesPerEpoch { get; }

    /// <summary>Ranks (world size W).</summary>
    public long WorldSize => _world;

    /// <summary>The largest micro-batch, b rows.</summary>
    public int MaxBatch => (int)_batch;

    /// <summary>G, the micro-batches of a full update on one rank.</summary>
    public int MaxMicroBatches => (int)_accum;

    /// <summary>The 0-based epoch of update <paramref name="update"/> (0-based).</summary>
    public long EpochIndex(long update) => update / UpdatesPerEpoch;

    /// <summary>How many micro-batches update <paramref name="update"/> has on each rank (G, or fewer at an epoch's end).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int MicroBatches(long update)
    {
        long local = update % UpdatesPerEpoch;
        long first = local * _accum;
        return (int)Math.Min(_accum, BatchesPerRank - first);
    }

    /// <summary>Writes the rows of micro-batch <paramref name="micro"/> of rank <paramref name="rank"/> in update
    /// <paramref name="update"/> into <paramref name="rows"/>; returns how many (b, or fewer for an epoch's last batch).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Rows(long update, long rank, int micro, Span<long> rows)
    {
        if ((ulong)rank >= (ulong)_world) throw new ArgumentOutOfRangeException(nameof(rank));
        long epoch = EpochIndex(update);
        EnsureEpoch(epoch);
        long local = update % UpdatesPerEpoch;
        long batchIndex = checked(local * _accum + micro);
        if (micro < 0 || batchIndex >= BatchesPerRank) throw new ArgumentOutOfRangeException(nameof(micro));
        long start = batchIndex * _batch;
        int count = (int)Math.Min(_batch, SamplesPerRank - start);
        for (int i = 0; i < count; i++)
        {
            long position = checked((start + i) * _world + rank);   // position in the padded (or cut) permutation
            rows[i] = _perm[position % _n];                           // padding repeats the permutation's start
        }
        return count;
    }

    /// <summary>The permutation of 0-based epoch <paramref name="epoch"/> (a copy).</summary>
    public int[] Permutation(long epoch)
    {
        EnsureEpoch(epoch);
        return (int[])_perm.Clone();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void EnsureEpoch(long epoch)
    {
        if (epoch == _cachedEpoch) return;
        if (_perm.Length != _n) _perm = new int[_n];
        for (int i = 0; i < _perm.Length; i++) _perm[i] = i;
        new Rng(SeedStreams.Derive(_seed, SeedStreams.Sampler, (ulong)epoch)).Shuffle(_perm.AsSpan());
        _cachedEpoch = epoch;
    }
}
