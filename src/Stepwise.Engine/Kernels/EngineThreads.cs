using System.Runtime.CompilerServices;
namespace Stepwise.Engine.Kernels;

/// <summary>
/// The process-wide number of threads the engine's kernels use (GEMM, attention, element-wise loops). Work is split
/// into fixed tasks whose arithmetic does not depend on the thread that runs them, and no reduction is ever split
/// across threads, so every result is bitwise identical for any <see cref="Count"/>. Small work runs on the calling
/// thread only.
/// </summary>
/// <remarks>Trainers and benchmarks set <see cref="Count"/> once at start-up; changing it restarts the worker threads.
/// Calls from several threads at once are safe: while one caller uses the workers, the others run their tasks
/// inline.</remarks>
public static class EngineThreads
{
    /// <summary>The most threads <see cref="Count"/> accepts.</summary>
    public const int MaxCount = 256;

    private static readonly object Sync = new();
    private static int s_count = Math.Max(1, Environment.ProcessorCount);
    private static WorkerPool? s_pool;

    /// <summary>Threads used, including the calling thread; default <see cref="Environment.ProcessorCount"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1 or above <see cref="MaxCount"/>.</exception>
    public static int Count
    {
        get => Volatile.Read(ref s_count);
        set
        {
            if (value is < 1 or > MaxCount) throw new ArgumentOutOfRangeException(nameof(value), value, $"thread count must be in 1..{MaxCount}");
            Volatile.Write(ref s_count, value);
        }
    }

    /// <summary>Runs tasks 0..tasks−1 of <paramref name="job"/>, in parallel when <see cref="Count"/> &gt; 1 and
    /// tasks &gt; 1 (and the workers are free), else in order on the calling thread.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Run(ParallelJob job, int tasks)
    {
        int count = Count;
        if (tasks > 1 && count > 1 && Pool(count) is { } pool && pool.TryRun(job, tasks)) return;
        for (int i = 0; i < tasks; i++) job.Execute(i);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static WorkerPool? Pool(int count)
    {
        WorkerPool? pool = Volatile.Read(ref s_pool);
        if (pool is not null && pool.Workers == count - 1) return pool;
        lock (Sync)
        {
            pool = s_pool;
            if (pool is not null && pool.Workers == count - 1) return pool;
            pool?.Stop();
            pool = new WorkerPool(count - 1);
            Volatile.Write(ref s_pool, pool);
            return pool;
        }
    }
}
