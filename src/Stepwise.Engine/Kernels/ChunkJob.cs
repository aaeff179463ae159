using System.Runtime.CompilerServices;
namespace Stepwise.Engine.Kernels;

/// <summary>
/// A loop over 0..length−1 cut into fixed chunks (the chunk size never depends on the thread count, so neither does
/// any element's code path), run in parallel when the loop is long enough. Subclasses process one range.
/// </summary>
internal abstract class ChunkJob : ParallelJob
{
    private int _length, _chunk;

    /// <summary>Runs <see cref="Process"/> over 0..length−1 in chunks of <paramref name="chunk"/>, in parallel when
    /// there are at least <paramref name="minParallel"/> elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected void RunChunks(int length, int chunk, int minParallel)
    {
        _length = length;
        _chunk = chunk;
        int tasks = (int)(((long)length + chunk - 1) / chunk);
        if (length < minParallel || tasks < 2)
        {
            for (int i = 0; i < tasks; i++) Execute(i);
            return;
        }
        EngineThreads.Run(this, tasks);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public sealed override void Execute(int index)
    {
        int start = index * _chunk;
        Process(start, Math.Min(_length, start + _chunk));
    }

    /// <summary>Processes elements start..end−1.</summary>
    protected abstract void Process(int start, int end);
}
