namespace Stepwise;

/// <summary>
/// Division of non-negative 64-bit values by a fixed divisor d ≥ 1 through a precomputed reciprocal: one 64×64→128
/// multiply and one correction instead of a hardware division (the hot path of epoch lookups). Exact for every
/// 0 ≤ x &lt; 2^63: with m = ⌊(2^64−1)/d⌋, ⌊x·m/2^64⌋ is ⌊x/d⌋ or one less.
/// </summary>
public readonly struct FastDivisor
{
    private readonly ulong _d, _m;

    /// <summary>Prepares division by <paramref name="divisor"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">divisor &lt; 1.</exception>
    public FastDivisor(long divisor)
    {
        if (divisor < 1) throw new ArgumentOutOfRangeException(nameof(divisor), divisor, "must be ≥ 1");
        _d = (ulong)divisor;
        _m = ulong.MaxValue / _d;
    }

    /// <summary>⌊x / d⌋ for 0 ≤ x.</summary>
    public long Divide(long x)
    {
        ulong ux = (ulong)x;
        ulong q = Math.BigMul(ux, _m, out _);
        unchecked
        {
            if (ux - q * _d >= _d) q++;
        }
        return (long)q;
    }
}
