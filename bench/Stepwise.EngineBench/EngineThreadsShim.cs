namespace Stepwise.EngineBench;

/// <summary>
/// The one place where the benchmark tells the engine how many threads to use. The engine has no process-wide thread
/// setting yet (branch <c>gemm</c> adds one); until it is merged this records the request only, and bench/run.sh
/// constrains the process itself (taskset, DOTNET_PROCESSOR_COUNT).
/// </summary>
internal static class EngineThreadsShim
{
    /// <summary>How the thread count reached the engine, for the JSON line.</summary>
    public static string Mode { get; private set; } = "none";

    public static void Apply(int threads)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "must be ≥ 1");
        // ENGINE-THREADS: the single line to replace with the engine's setting once it exists, e.g.
        //   Stepwise.Engine.EngineThreads.Count = threads;   (and set Mode = "engine")
        Mode = "process-affinity-only (engine has no thread setting)";
    }
}
