using System.Runtime.CompilerServices;
using Stepwise.Engine.Kernels;

namespace Stepwise.Engine.Layers;

/// <summary>
/// A fully connected layer y = x·Wᵀ + b with W stored (out, in), in float32 on <see cref="Sgemm"/>: the code training
/// runs (<see cref="Reference.LinearReference{T}"/> is the same layer as plain loops, for float64). N = rows.
/// </summary>
/// <remarks>Every output element is one fused multiply-add chain over the reduction index in order 0..k−1, started
/// from the existing value when accumulating (from the bias in <see cref="Forward"/>) and from 0 otherwise; threads
/// split outputs only, so results are bitwise identical for any thread count.</remarks>
public static class Linear
{
    /// <summary>y (N, out) = x (N, in) · Wᵀ + b (b (out) may be empty: no bias). Overwrites y; caches nothing
    /// (Backward needs x, which the caller keeps).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(Span<float> y, ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> b, int rows, int inputs, int outputs)
    {
        if (!b.IsEmpty)
        {
            ReadOnlySpan<float> bias = b.Slice(0, outputs);
            for (int i = 0; i < rows; i++) bias.CopyTo(y.Slice(i * outputs, outputs));
        }
        Sgemm.NT(y, x, w, rows, outputs, inputs, accumulate: !b.IsEmpty);
    }

    /// <summary>Accumulates dW (out, in) += dyᵀ·x (rows summed in order 0..N−1), db (out) += Σ dy (db may be empty),
    /// and dx (N, in) += dy·W when dx is not empty. With <paramref name="overwriteDx"/>, dx = dy·W (which saves clearing
    /// it first); with <paramref name="overwriteGrads"/>, dW and db are overwritten. Either is bitwise the same as
    /// clearing the buffer and accumulating.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(Span<float> dx, Span<float> dw, Span<float> db, ReadOnlySpan<float> dy, ReadOnlySpan<float> x, ReadOnlySpan<float> w,
        int rows, int inputs, int outputs, bool overwriteDx = false, bool overwriteGrads = false)
    {
        Sgemm.TN(dw, dy, x, outputs, inputs, rows, accumulate: !overwriteGrads);
        if (!db.IsEmpty)
        {
            if (overwriteGrads) db.Slice(0, outputs).Clear();
            ColumnSumKernels.Accumulate(db, dy, rows, outputs);
        }
        if (dx.IsEmpty) return;
        Sgemm.NN(dx, dy, w, rows, inputs, outputs, accumulate: !overwriteDx);
    }

    /// <summary>dx (N, in) = dy (N, out) · W (overwrites dx): the input gradient alone, without dW and db.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BackwardInput(Span<float> dx, ReadOnlySpan<float> dy, ReadOnlySpan<float> w, int rows, int inputs, int outputs) =>
        Sgemm.NN(dx, dy, w, rows, inputs, outputs, accumulate: false);
}
