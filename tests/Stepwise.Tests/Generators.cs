using FsCheck;
using FsCheck.Fluent;

namespace Stepwise.Tests;

/// <summary>Shared FsCheck generators for 64-bit ranges (FsCheck's <c>Gen.Choose</c> is 32-bit).</summary>
internal static class Generators
{
    /// <summary>A long in [<paramref name="lo"/>, <paramref name="hi"/>], roughly uniform.</summary>
    public static Gen<long> LongIn(long lo, long hi)
    {
        if (hi < lo) throw new ArgumentOutOfRangeException(nameof(hi), hi, "need lo ≤ hi");
        ulong span = (ulong)(hi - lo) + 1; // ≥ 1, fits: hi − lo ≤ long.MaxValue for non-negative bounds
        if (span <= int.MaxValue) return Gen.Choose(0, (int)(span - 1)).Select(x => lo + x);
        Gen<ulong> high = Gen.Zip(Gen.Choose(0, 3), Gen.Choose(0, int.MaxValue), (c, a) => ((ulong)c << 62) | ((ulong)a << 31));
        return Gen.Zip(high, Gen.Choose(0, int.MaxValue), (h, b) => h | (uint)b).Select(r => lo + (long)(r % span));
    }

    /// <summary>A long in [lo, hi], half the time in [lo, min(hi, lo + small − 1)] so that edge cases come up often.</summary>
    public static Gen<long> Biased(long lo, long hi, long small = 20) =>
        Gen.Frequency((1, LongIn(lo, Math.Min(hi, lo + small - 1))), (1, LongIn(lo, hi)));

    /// <summary>Any long in [0, long.MaxValue], with the boundaries and small values over-represented.</summary>
    public static Gen<long> NonNegativeLong() => Gen.Frequency(
        (2, LongIn(0, 1000)),
        (1, Gen.Elements(0L, 1L, (1L << 53) - 1, 1L << 53, (1L << 53) + 1, long.MaxValue - 1, long.MaxValue)),
        (4, LongIn(0, long.MaxValue)));
}
