using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Stepwise.Engine.Kernels;

/// <summary>Zeroes a large buffer in parallel over fixed 256 KiB chunks (gradient buffers before each step).</summary>
internal sealed unsafe class ClearKernels : ChunkJob
{
    private const int Chunk = 1 << 18;
    [ThreadStatic] private static ClearKernels? t_job;
    private byte* _p;

    /// <summary>Sets every element of <paramref name="buffer"/> to zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Clear<T>(T[] buffer) where T : unmanaged
    {
        Span<byte> bytes = MemoryMarshal.AsBytes(buffer.AsSpan());
        if (bytes.Length < 4 * Chunk)
        {
            bytes.Clear();
            return;
        }
        fixed (byte* p = bytes)
        {
            var job = t_job ??= new ClearKernels();
            job._p = p;
            job.RunChunks(bytes.Length, Chunk, 4 * Chunk);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Process(int start, int end) => new Span<byte>(_p + start, end - start).Clear();
}
