namespace Stepwise.Cli;

/// <summary>Sets the engine's worker-thread count for this process.</summary>
public static class EngineThreadSetting
{
    /// <summary>Applies <paramref name="threads"/> (≥ 1).</summary>
    public static void Apply(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        Stepwise.Engine.Kernels.EngineThreads.Count = threads;
    }
}
