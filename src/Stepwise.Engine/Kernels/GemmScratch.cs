using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Stepwise.Engine.Kernels;

/// <summary>One thread's 64-byte-aligned packing buffers for <see cref="Gemm"/>, grown on demand and then reused, so
/// steady-state products allocate nothing. Freed when the thread's instance is collected.</summary>
internal sealed unsafe class GemmScratch
{
    [ThreadStatic] private static GemmScratch? t_current;
    private nuint _aSize, _bSize;

    /// <summary>Packed A block (MC × KC plus slack).</summary>
    public float* A { get; private set; }

    /// <summary>Packed B block (KC × NC).</summary>
    public float* B { get; private set; }

    /// <summary>An edge tile (MR × NR).</summary>
    public float* Tile { get; private set; }

    /// <summary>This thread's buffers, with at least the given sizes in floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static GemmScratch For(int aFloats, int bFloats)
    {
        GemmScratch s = t_current ??= new GemmScratch();
        s.Reserve(aFloats, bFloats);
        return s;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Reserve(int aFloats, int bFloats)
    {
        if (Tile == null) Tile = (float*)NativeMemory.AlignedAlloc(64 * 64 * sizeof(float), 64);
        if ((nuint)aFloats > _aSize)
        {
            NativeMemory.AlignedFree(A);
            A = (float*)NativeMemory.AlignedAlloc((nuint)aFloats * sizeof(float), 64);
            _aSize = (nuint)aFloats;
        }
        if ((nuint)bFloats > _bSize)
        {
            NativeMemory.AlignedFree(B);
            B = (float*)NativeMemory.AlignedAlloc((nuint)bFloats * sizeof(float), 64);
            _bSize = (nuint)bFloats;
        }
    }

    ~GemmScratch()
    {
        NativeMemory.AlignedFree(A);
        NativeMemory.AlignedFree(B);
        NativeMemory.AlignedFree(Tile);
    }
}
