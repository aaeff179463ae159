using FsCheck;
using FsCheck.Fluent;
using Stepwise.Planning;

namespace Stepwise.Tests.Planning;

/// <summary>StageWindows.Split(T, K): K contiguous windows partitioning updates 0..T−1, floor(T/K) each, remainder to the last.</summary>
public sealed class StageWindowsProperties
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(400);

    private static void CheckPartition(long t, long k)
    {
        IReadOnlyList<StepWindow> windows = StageWindows.Split(t, k).Value;
        long length = t / k;
        Assert.Equal(k, windows.Count);
        Assert.Equal(0, windows[0].Start);
        Assert.Equal(t - 1, windows[^1].End);
        long total = 0;
        for (int i = 0; i < windows.Count; i++)
        {
            if (i > 0 && windows[i].Start != windows[i - 1].End + 1)
                Assert.Fail($"T={t}, K={k}: window {i} starts at {windows[i].Start}, previous ended at {windows[i - 1].End}");
            long expected = i == windows.Count - 1 ? length + t % k : length;
            if (windows[i].Length.Value != expected)
                Assert.Fail($"T={t}, K={k}: window {i} {windows[i]} has {windows[i].Length.Value} updates, expected {expected}");
            total += windows[i].Length.Value;
        }
        Assert.Equal(t, total);
    }

    [Fact]
    public void WindowsPartitionTheRun() =>
        Prop.ForAll(
            (from t in Generators.Biased(1, 20_000)
             from k in Generators.Biased(1, t)
             select (T: t, K: k)).ToArbitrary(),
            c => CheckPartition(c.T, c.K)).Check(Config);

    [Fact]
    public void WindowsPartitionLongRuns() =>
        Prop.ForAll(
            (from t in Generators.LongIn(1, long.MaxValue)
             from k in Generators.Biased(1, Math.Min(t, 2_000))
             select (T: t, K: k)).ToArbitrary(),
            c => CheckPartition(c.T, c.K)).Check(Config);

    [Fact]
    public void OutOfRangeWindowCountsFailWithoutThrowing() =>
        Prop.ForAll(
            (from t in Generators.Biased(1, 1_000_000)
             from k in Gen.OneOf(Generators.LongIn(-5, 0), Generators.LongIn(t + 1, t + 1_000))
             select (T: t, K: k)).ToArbitrary(),
            c => Assert.False(StageWindows.Split(c.T, c.K).Success, $"Split({c.T}, {c.K}) should fail")).Check(Config);
}
