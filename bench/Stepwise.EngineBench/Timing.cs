using System.Diagnostics;

namespace Stepwise.EngineBench;

/// <summary>
/// The timing rule, the same as bench/peers/common.py's <c>timed</c>: warm up for at least <see cref="WarmupCalls"/>
/// calls and 0.4·S seconds, then call repeatedly until at least S seconds and <see cref="MinCalls"/> calls have
/// passed; the result is calls per second over the measured calls. With STEPWISE_BENCH_QUICK=1 (bench/run.sh --quick)
/// one warm-up call and one measured call suffice.
/// </summary>
internal static class Timing
{
    private static readonly bool Quick = Environment.GetEnvironmentVariable("STEPWISE_BENCH_QUICK") == "1";

    public static int WarmupCalls => Quick ? 1 : 2;

    public static int MinCalls => Quick ? 1 : 3;

    public static (double PerSecond, long Calls, double Elapsed) Rate(Action call, double seconds)
    {
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < WarmupCalls || sw.Elapsed.TotalSeconds < 0.4 * seconds; i++) call();
        long calls = 0;
        sw.Restart();
        while (true)
        {
            call();
            calls++;
            double elapsed = sw.Elapsed.TotalSeconds;
            if (elapsed >= seconds && calls >= MinCalls) return (calls / elapsed, calls, elapsed);
        }
    }
}
