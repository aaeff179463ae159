namespace Stepwise.Scheduling;

/// <summary>
/// A sorted, duplicate-free array of steps with a bucket index over [0, last], so that <see cref="Contains"/> and
/// <see cref="Next"/> cost a table lookup plus a search inside one small bucket (a handful of entries), not a binary
/// search over the whole array.
/// </summary>
internal sealed class SortedSteps
{
    private const int MaxBuckets = 1 << 22;
    private readonly long[] _steps;
    private readonly int[] _bucketStart; // index of the first step ≥ bucket b's first value; length buckets + 1
    private readonly int _shift;

    public SortedSteps(long[] sortedUnique, long last)
    {
        _steps = sortedUnique;
        long target = Math.Clamp(2L * Math.Max(1, sortedUnique.Length), 1, MaxBuckets);
        int shift = 0;
        while (((ulong)last >> shift) + 1 > (ulong)target) shift++;
        _shift = shift;
        int buckets = (int)(((ulong)last >> shift) + 1);
        _bucketStart = new int[buckets + 1];
        int i = 0;
        for (int b = 0; b <= buckets; b++)
        {
            long bucketFirst = b == buckets ? long.MaxValue : (long)b << shift;
            while (i < _steps.Length && _steps[i] < bucketFirst) i++;
            _bucketStart[b] = i;
        }
    }

    public IReadOnlyList<long> Steps => _steps;

    public int Length => _steps.Length;

    public bool Contains(long step)
    {
        int b = (int)((ulong)step >> _shift);
        if ((uint)b >= (uint)(_bucketStart.Length - 1)) return false;
        int lo = _bucketStart[b], hi = _bucketStart[b + 1];
        for (int i = lo; i < hi; i++)
        {
            long s = _steps[i];
            if (s >= step) return s == step;
        }
        return false;
    }

    /// <summary>The least element greater than <paramref name="step"/>, or −1.</summary>
    public long Next(long step)
    {
        long probe = step + 1;
        int b = (int)((ulong)probe >> _shift);
        if ((uint)b >= (uint)(_bucketStart.Length - 1)) return -1;
        for (int i = _bucketStart[b]; i < _steps.Length; i++)
        {
            if (_steps[i] >= probe) return _steps[i];
        }
        return -1;
    }
}
