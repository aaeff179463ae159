namespace Stepwise.Engine;

/// <summary>
/// A seeded xoshiro256** generator whose whole state is four <see cref="ulong"/> values, so that it can be saved in a
/// checkpoint and restored bit-exactly. Not thread-safe: give each consumer its own (see <see cref="Fork"/>).
/// </summary>
public sealed class Rng
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Seeds the state with SplitMix64 from <paramref name="seed"/>.</summary>
    public Rng(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    private Rng(ulong[] state) => Restore(state);

    /// <summary>The state, for checkpoints.</summary>
    public ulong[] State => [_s0, _s1, _s2, _s3];

    /// <summary>A generator with a saved state.</summary>
    public static Rng FromState(ulong[] state) => new(state);

    /// <summary>Restores a saved state.</summary>
    /// <exception cref="ArgumentException">The state is not four values or is all zero.</exception>
    public void Restore(ulong[] state)
    {
        if (state.Length != 4 || (state[0] | state[1] | state[2] | state[3]) == 0) throw new ArgumentException("an Rng state is four values, not all zero", nameof(state));
        (_s0, _s1, _s2, _s3) = (state[0], state[1], state[2], state[3]);
    }

    /// <summary>An independent generator derived from this one's next output and <paramref name="stream"/>.</summary>
    public Rng Fork(ulong stream) => new(unchecked(NextULong() ^ (stream * 0x9E3779B97F4A7C15UL)));

    /// <summary>The next 64 random bits.</summary>
    public ulong NextULong()
    {
        unchecked
        {
            ulong result = RotL(_s1 * 5, 7) * 9;
            ulong t = _s1 << 17;
            _s2 ^= _s0;
            _s3 ^= _s1;
            _s1 ^= _s2;
            _s0 ^= _s3;
            _s2 ^= t;
            _s3 = RotL(_s3, 45);
            return result;
        }
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform integer in [0, <paramref name="n"/>) without modulo bias (Lemire's method).</summary>
    public long NextLong(long n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "must be ≥ 1");
        ulong un = (ulong)n;
        unchecked
        {
            while (true)
            {
                ulong x = NextULong();
                UInt128 m = (UInt128)x * un;
                ulong low = (ulong)m;
                if (low >= un || low >= (0UL - un) % un) return (long)(ulong)(m >> 64);
            }
        }
    }

    /// <summary>A standard normal deviate (Box–Muller; one value per call, deterministic).</summary>
    public double NextGaussian()
    {
        double u1 = 1.0 - NextDouble();
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Fisher–Yates shuffle of <paramref name="values"/> in place.</summary>
    public void Shuffle<T>(Span<T> values)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = (int)NextLong(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    private static ulong RotL(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix(ref ulong x)
    {
        unchecked
        {
            ulong z = x += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
