using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Stepwise.EngineBench;

/// <summary>
/// The FP32 peak this machine delivers, measured: each of K threads runs a register-only loop of 24 independent
/// fused multiply-add chains on the widest vectors it has (Vector512 with AVX-512, else Vector256 with FMA), no memory
/// traffic at all, so no matrix kernel can beat it. GFLOP/s = 2 · lanes · 24 · iterations per second, each thread's rate
/// from its median chunk time (as <see cref="Timing.Rate"/>), summed over the K threads (the mean over the whole
/// second comes with it). It is the
/// ceiling the "% of peak" columns of bench/run.sh are measured against, next to the nominal figure.
/// </summary>
internal static class FmaPeak
{
    private const long Chunk = 1 << 20; // iterations per timed call: ≈ 10 ms at 2.5 GHz

    public static void Measure(Options o)
    {
        if (!Fma.IsSupported) throw new ArgumentException("peak needs FMA (AVX2/FMA or AVX-512)");
        int threads = o.Threads;
        int lanes = Avx512F.IsSupported ? 16 : 8;
        var iterations = new long[threads];
        var chunkTicks = new List<long>[threads];
        using var start = new Barrier(threads + 1);
        using var stop = new ManualResetEventSlim();
        var workers = new Thread[threads];
        for (int t = 0; t < threads; t++)
        {
            int id = t;
            chunkTicks[id] = new List<long>(1024);
            workers[t] = new Thread(() =>
            {
                Run(Chunk); // compile and warm up
                start.SignalAndWait();
                long n = 0, last = Stopwatch.GetTimestamp();
                while (!stop.IsSet)
                {
                    Run(Chunk);
                    n += Chunk;
                    long now = Stopwatch.GetTimestamp();
                    chunkTicks[id].Add(now - last);
                    last = now;
                }
                iterations[id] = n;
            }) { IsBackground = true };
            workers[t].Start();
        }
        start.SignalAndWait();
        var sw = Stopwatch.StartNew();
        Thread.Sleep(TimeSpan.FromSeconds(Math.Max(0.2, o.Seconds)));
        stop.Set();
        foreach (var w in workers) w.Join();
        double elapsed = sw.Elapsed.TotalSeconds;
        double flopPerIteration = 2.0 * lanes * 24;
        // the headline as Timing.Rate's: each thread's rate from its median chunk time, summed over the threads
        double gflops = chunkTicks.Sum(ticks => flopPerIteration * Chunk * Stopwatch.Frequency / Timing.Median(ticks)) / 1e9;
        double mean = flopPerIteration * iterations.Sum() / elapsed / 1e9;
        JsonLine.Emit("fp32_peak", "GFLOP/s", gflops, threads, ("seconds", elapsed), ("mean_value", mean), ("lanes", lanes), ("op", "register-only FMA loop, 24 chains"));
    }

    private static void Run(long iterations)
    {
        if (Avx512F.IsSupported) Sink(Loop512(iterations, Vector512.Create(0.5f), Vector512.Create(0.999f)).ToScalar());
        else Sink(Loop256(iterations, Vector256.Create(0.5f), Vector256.Create(0.999f)).ToScalar());
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Sink(float _) { }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static Vector512<float> Loop512(long iterations, Vector512<float> x, Vector512<float> y)
    {
        Vector512<float> c0 = x, c1 = x, c2 = x, c3 = x, c4 = x, c5 = x, c6 = x, c7 = x, c8 = x, c9 = x, c10 = x, c11 = x;
        Vector512<float> d0 = y, d1 = y, d2 = y, d3 = y, d4 = y, d5 = y, d6 = y, d7 = y, d8 = y, d9 = y, d10 = y, d11 = y;
        for (long i = 0; i < iterations; i++)
        {
            c0 = Avx512F.FusedMultiplyAdd(c0, y, x); c1 = Avx512F.FusedMultiplyAdd(c1, y, x); c2 = Avx512F.FusedMultiplyAdd(c2, y, x);
            c3 = Avx512F.FusedMultiplyAdd(c3, y, x); c4 = Avx512F.FusedMultiplyAdd(c4, y, x); c5 = Avx512F.FusedMultiplyAdd(c5, y, x);
            c6 = Avx512F.FusedMultiplyAdd(c6, y, x); c7 = Avx512F.FusedMultiplyAdd(c7, y, x); c8 = Avx512F.FusedMultiplyAdd(c8, y, x);
            c9 = Avx512F.FusedMultiplyAdd(c9, y, x); c10 = Avx512F.FusedMultiplyAdd(c10, y, x); c11 = Avx512F.FusedMultiplyAdd(c11, y, x);
            d0 = Avx512F.FusedMultiplyAdd(d0, y, x); d1 = Avx512F.FusedMultiplyAdd(d1, y, x); d2 = Avx512F.FusedMultiplyAdd(d2, y, x);
            d3 = Avx512F.FusedMultiplyAdd(d3, y, x); d4 = Avx512F.FusedMultiplyAdd(d4, y, x); d5 = Avx512F.FusedMultiplyAdd(d5, y, x);
            d6 = Avx512F.FusedMultiplyAdd(d6, y, x); d7 = Avx512F.FusedMultiplyAdd(d7, y, x); d8 = Avx512F.FusedMultiplyAdd(d8, y, x);
            d9 = Avx512F.FusedMultiplyAdd(d9, y, x); d10 = Avx512F.FusedMultiplyAdd(d10, y, x); d11 = Avx512F.FusedMultiplyAdd(d11, y, x);
        }
        return c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11 + d0 + d1 + d2 + d3 + d4 + d5 + d6 + d7 + d8 + d9 + d10 + d11;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static Vector256<float> Loop256(long iterations, Vector256<float> x, Vector256<float> y)
    {
        Vector256<float> c0 = x, c1 = x, c2 = x, c3 = x, c4 = x, c5 = x, c6 = x, c7 = x, c8 = x, c9 = x, c10 = x, c11 = x;
        Vector256<float> d0 = y, d1 = y, d2 = y, d3 = y, d4 = y, d5 = y, d6 = y, d7 = y, d8 = y, d9 = y, d10 = y, d11 = y;
        for (long i = 0; i < iterations; i++)
        {
            c0 = Fma.MultiplyAdd(c0, y, x); c1 = Fma.MultiplyAdd(c1, y, x); c2 = Fma.MultiplyAdd(c2, y, x);
            c3 = Fma.MultiplyAdd(c3, y, x); c4 = Fma.MultiplyAdd(c4, y, x); c5 = Fma.MultiplyAdd(c5, y, x);
            c6 = Fma.MultiplyAdd(c6, y, x); c7 = Fma.MultiplyAdd(c7, y, x); c8 = Fma.MultiplyAdd(c8, y, x);
            c9 = Fma.MultiplyAdd(c9, y, x); c10 = Fma.MultiplyAdd(c10, y, x); c11 = Fma.MultiplyAdd(c11, y, x);
            d0 = Fma.MultiplyAdd(d0, y, x); d1 = Fma.MultiplyAdd(d1, y, x); d2 = Fma.MultiplyAdd(d2, y, x);
            d3 = Fma.MultiplyAdd(d3, y, x); d4 = Fma.MultiplyAdd(d4, y, x); d5 = Fma.MultiplyAdd(d5, y, x);
            d6 = Fma.MultiplyAdd(d6, y, x); d7 = Fma.MultiplyAdd(d7, y, x); d8 = Fma.MultiplyAdd(d8, y, x);
            d9 = Fma.MultiplyAdd(d9, y, x); d10 = Fma.MultiplyAdd(d10, y, x); d11 = Fma.MultiplyAdd(d11, y, x);
        }
        return c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11 + d0 + d1 + d2 + d3 + d4 + d5 + d6 + d7 + d8 + d9 + d10 + d11;
    }
}
