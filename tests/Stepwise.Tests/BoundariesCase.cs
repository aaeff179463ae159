using FsCheck;
using FsCheck.Fluent;

namespace Stepwise.Tests;

/// <summary>
/// Generated epoch boundaries: uniform (U updates per epoch) or proportional (E epochs), with a naive model of the
/// ends written straight from the documented formulas (min(e·U, T) and floor(e·T/E)).
/// </summary>
internal sealed record BoundariesCase(long T, bool Proportional, long Param)
{
    /// <summary>The library's boundaries for these parameters.</summary>
    public EpochBoundaries Build() =>
        Proportional ? EpochBoundaries.Proportional(new Step(T), Param) : EpochBoundaries.Uniform(new Step(T), Param);

    /// <summary>ceil(T/U), or E.</summary>
    public long EpochCount => Proportional ? Param : T / Param + (T % Param == 0 ? 0 : 1);

    /// <summary>The end of epoch <paramref name="e"/> (1-based).</summary>
    public long End(long e) => Proportional
        ? (long)((Int128)e * T / Param)
        : (long)Int128.Min((Int128)e * Param, T);

    /// <summary>All ends, in order.</summary>
    public IEnumerable<long> Ends()
    {
        for (long e = 1; e <= EpochCount; e++) yield return End(e);
    }

    public override string ToString() => Proportional ? $"Proportional(T={T}, E={Param})" : $"Uniform(T={T}, U={Param})";

    /// <summary>Boundaries over a run of <paramref name="t"/> ≥ 1 updates.</summary>
    public static Gen<BoundariesCase> For(long t) => Gen.Frequency(
        (3, Generators.Biased(1, t == long.MaxValue ? t : t + 5).Select(u => new BoundariesCase(t, false, u))),
        (2, Generators.Biased(1, t).Select(e => new BoundariesCase(t, true, e))));
}
