namespace Stepwise.Engine.Kernels;

/// <summary>
/// Work split into independent numbered tasks for <see cref="EngineThreads"/>. A job's tasks must write disjoint
/// outputs and each task's arithmetic must not depend on which thread runs it, so results are bitwise identical for
/// any thread count. Jobs are reused objects (no allocation per dispatch).
/// </summary>
internal abstract class ParallelJob
{
    /// <summary>Runs task <paramref name="index"/> (0 ≤ index &lt; the task count given to the dispatcher).</summary>
    public abstract void Execute(int index);
}
