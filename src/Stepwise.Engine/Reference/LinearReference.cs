using System.Numerics;
using System.Numerics.Tensors;

namespace Stepwise.Engine.Reference;

/// <summary>A fully connected layer y = x·Wᵀ + b (W stored (out, in)) as plain loops in any IEEE float type: the float64
/// reference for gradient checks, Hessian-vector products and the PyTorch comparison (<see cref="Layers.Linear"/> is
/// the float32 code training runs). N = rows. Fixed reduction order: a dot product per output in
/// <see cref="Forward"/>, rows 0..N−1 in order for dW and db.</summary>
public static class LinearReference<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>y (N, out) = x (N, in) · Wᵀ + b (b may be empty: no bias). Overwrites y.</summary>
    public static void Forward(Span<T> y, ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> b, int rows, int inputs, int outputs)
    {
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<T> xi = x.Slice(i * inputs, inputs);
            Span<T> yi = y.Slice(i * outputs, outputs);
            for (int j = 0; j < outputs; j++)
            {
                T acc = TensorPrimitives.Dot(xi, w.Slice(j * inputs, inputs));
                yi[j] = b.IsEmpty ? acc : acc + b[j];
            }
        }
    }

    /// <summary>Accumulates dW (out, in) += dyᵀ·x, db (out) += Σ dy (db may be empty) and dx (N, in) += dy·W when dx is
    /// not empty; <paramref name="overwriteDx"/> and <paramref name="overwriteGrads"/> clear dx, and dW and db, first.</summary>
    public static void Backward(Span<T> dx, Span<T> dw, Span<T> db, ReadOnlySpan<T> dy, ReadOnlySpan<T> x, ReadOnlySpan<T> w,
        int rows, int inputs, int outputs, bool overwriteDx = false, bool overwriteGrads = false)
    {
        if (overwriteGrads) dw.Slice(0, outputs * inputs).Clear();
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<T> xi = x.Slice(i * inputs, inputs);
            ReadOnlySpan<T> dyi = dy.Slice(i * outputs, outputs);
            for (int j = 0; j < outputs; j++)
            {
                T g = dyi[j];
                if (g == T.Zero) continue;
                Span<T> dwj = dw.Slice(j * inputs, inputs);
                TensorPrimitives.MultiplyAdd(xi, g, dwj, dwj);
            }
        }
        if (!db.IsEmpty)
        {
            if (overwriteGrads) db.Slice(0, outputs).Clear();
            for (int i = 0; i < rows; i++) TensorPrimitives.Add(db, dy.Slice(i * outputs, outputs), db);
        }
        if (dx.IsEmpty) return;
        if (overwriteDx) dx.Slice(0, rows * inputs).Clear();
        AccumulateInput(dx, dy, w, rows, inputs, outputs);
    }

    /// <summary>dx (N, in) = dy (N, out) · W (overwrites dx): the input gradient alone.</summary>
    public static void BackwardInput(Span<T> dx, ReadOnlySpan<T> dy, ReadOnlySpan<T> w, int rows, int inputs, int outputs)
    {
        dx.Slice(0, rows * inputs).Clear();
        AccumulateInput(dx, dy, w, rows, inputs, outputs);
    }

    private static void AccumulateInput(Span<T> dx, ReadOnlySpan<T> dy, ReadOnlySpan<T> w, int rows, int inputs, int outputs)
    {
        for (int i = 0; i < rows; i++)
        {
            Span<T> dxi = dx.Slice(i * inputs, inputs);
            ReadOnlySpan<T> dyi = dy.Slice(i * outputs, outputs);
            for (int j = 0; j < outputs; j++)
            {
                T g = dyi[j];
                if (g == T.Zero) continue;
                TensorPrimitives.MultiplyAdd(w.Slice(j * inputs, inputs), g, dxi, dxi);
            }
        }
    }
}
