using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Stepwise.Engine.Layers;

/// <summary>Residual add: out = a + b; backward da += dout, db += dout.</summary>
public static class Residual<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>out = a + b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(Span<T> output, ReadOnlySpan<T> a, ReadOnlySpan<T> b) => TensorPrimitives.Add(a, b, output);

    /// <summary>da += dout; db += dout.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(Span<T> da, Span<T> db, ReadOnlySpan<T> doutput)
    {
        TensorPrimitives.Add(da, doutput, da);
        TensorPrimitives.Add(db, doutput, db);
    }
}
