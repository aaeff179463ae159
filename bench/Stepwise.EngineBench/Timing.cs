using System.Diagnostics;

namespace Stepwise.EngineBench;

/// <summary>
/// The timing rule, the same as bench/peers/common.py's <c>timed</c>: warm up for at least <see cref="WarmupCalls"/>
/// calls and 0.4·S seconds, then call repeatedly until at least S seconds and <see cref="MinCalls"/> calls have
/// passed, timing every call. The headline rate is calls per second from the median call time: a burst of another
/// process's work on the shared CPUs slows the calls it overlaps, not the median. The rate over the whole window (the
/// mean) comes with it. With STEPWISE_BENCH_QUICK=1 (bench/run.sh --quick) one warm-up call and one measured call
/// suffice.
/// </summary>
internal static class Timing
{
    private static readonly bool Quick = Environment.GetEnvironmentVariable("STEPWISE_BENCH_QUICK") == "1";

    public static int WarmupCalls => Quick ? 1 : 2;

    public static int MinCalls => Quick ? 1 : 3;

    /// <summary>Times <paramref name="call"/>: (calls per second from the median call time, calls measured, seconds
    /// measured, calls per second over those seconds).</summary>
    public static (double PerSecond, long Calls, double Elapsed, double MeanPerSecond) Rate(Action call, double seconds)
    {
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < WarmupCalls || sw.Elapsed.TotalSeconds < 0.4 * seconds; i++) call();
        var ticks = new List<long>(1024);
        long start = Stopwatch.GetTimestamp(), last = start;
        while (true)
        {
            call();
            long now = Stopwatch.GetTimestamp();
            ticks.Add(now - last);
            last = now;
            double elapsed = (now - start) / (double)Stopwatch.Frequency;
            if (elapsed >= seconds && ticks.Count >= MinCalls) return (Stopwatch.Frequency / Median(ticks), ticks.Count, elapsed, ticks.Count / elapsed);
        }
    }

    /// <summary>The median (the mean of the middle two for an even count), as Python's statistics.median in common.py.</summary>
    internal static double Median(List<long> values)
    {
        values.Sort();
        int mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : 0.5 * (values[mid - 1] + (double)values[mid]);
    }
}
