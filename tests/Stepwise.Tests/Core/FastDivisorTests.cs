using FsCheck;
using FsCheck.Fluent;

namespace Stepwise.Tests.Core;

public class FastDivisorTests
{
    [Fact]
    public void Divide_EqualsIntegerDivision_ForRandomAndEdgeValues()
    {
        long[] edges = [0, 1, 2, 3, 62, 63, 64, 1000, 1524, int.MaxValue, long.MaxValue - 1, long.MaxValue];
        foreach (long d in edges.Where(d => d >= 1))
        {
            var div = new FastDivisor(d);
            foreach (long x in edges) Assert.Equal(x / d, div.Divide(x));
        }
        var gen = Gen.Zip(Gen.Choose(1, int.MaxValue).Select(v => (long)v * Random.Shared.Next(1, 1 << 20)),
                          Gen.Choose(0, int.MaxValue).Select(v => (long)v * Random.Shared.Next(1, 1 << 30)));
        Prop.ForAll(gen.ToArbitrary(), p => new FastDivisor(p.Item1).Divide(p.Item2) == p.Item2 / p.Item1).QuickCheckThrowOnFailure();
    }
}
