using System.Numerics;
using System.Runtime.CompilerServices;
using Stepwise.Engine.Kernels;

namespace Stepwise.Engine.Layers;

/// <summary>A fully connected layer y = x·Wᵀ + b with W stored (out, in). B = batch rows.</summary>
public static class Linear<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>y (B, out) = x (B, in) · Wᵀ + b. Overwrites y; caches nothing (Backward needs x, which the caller keeps).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(Span<T> y, ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> b, int batch, int inputs, int outputs) =>
        MatMul<T>.ForwardNT(y, x, w, b, batch, inputs, outputs);

    /// <summary>Accumulates dW (out, in) += dyᵀ·x, db (out) += Σ dy, and dx (B, in) += dy·W when dx is not empty
    /// (dx = dy·W with <paramref name="overwriteDx"/>, which saves clearing it first). With
    /// <paramref name="overwriteGrads"/>, dW and db are overwritten instead (bitwise the same as clearing them first).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(Span<T> dx, Span<T> dw, Span<T> db, ReadOnlySpan<T> dy, ReadOnlySpan<T> x, ReadOnlySpan<T> w, int batch, int inputs, int outputs, bool overwriteDx = false, bool overwriteGrads = false)
    {
        if (overwriteGrads) MatMul<T>.MultiplyTN(dw, dy, x, batch, outputs, inputs);
        else MatMul<T>.AccumulateTN(dw, dy, x, batch, outputs, inputs);
        if (!db.IsEmpty)
        {
            if (overwriteGrads) db.Slice(0, outputs).Clear();
            MatMul<T>.AccumulateColumnSums(db, dy, batch, outputs);
        }
        if (dx.IsEmpty) return;
        if (overwriteDx) MatMul<T>.MultiplyNN(dx, dy, w, batch, outputs, inputs);
        else MatMul<T>.AccumulateNN(dx, dy, w, batch, outputs, inputs);
    }
}
