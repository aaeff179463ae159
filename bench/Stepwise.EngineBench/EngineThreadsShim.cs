namespace Stepwise.EngineBench;

/// <summary>
/// The one place where the benchmark tells the engine how many threads to use: the engine's process-wide
/// <see cref="Stepwise.Engine.Kernels.EngineThreads.Count"/> (from branch <c>gemm</c>). bench/run.sh also constrains
/// the process itself (taskset, DOTNET_PROCESSOR_COUNT), so a 1-thread run is one thread even without it.
/// </summary>
internal static class EngineThreadsShim
{
    /// <summary>How the thread count reached the engine, for the JSON line.</summary>
    public static string Mode { get; private set; } = "none";

    public static void Apply(int threads)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "must be ≥ 1");
        Stepwise.Engine.Kernels.EngineThreads.Count = threads; // ENGINE-THREADS: the engine's thread setting
        Mode = "EngineThreads.Count";
    }
}
