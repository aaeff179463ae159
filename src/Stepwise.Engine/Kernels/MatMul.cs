using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Stepwise.Engine.Kernels;

/// <summary>
/// The three matrix products a linear layer needs, row-major, with a fixed reduction order (deterministic).
/// Generic over the element type so that float64 copies of a model (gradient checks, finite-difference HVPs) run the
/// same code; float32 is the training path.
/// </summary>
/// <remarks>
/// For <c>float</c> every product runs on <see cref="Sgemm"/> (the JIT removes the type test): each output element is
/// one fused multiply-add chain over the reduction index in order 0..k−1, started from the existing value when
/// accumulating (from the bias in <see cref="ForwardNT"/>), split over <see cref="EngineThreads.Count"/> threads by
/// output blocks only, so results are bitwise identical for any thread count. Other types run the generic loops:
/// the same order over the reduction for <see cref="AccumulateNN"/> and <see cref="AccumulateTN"/> (rows 0..n−1), a
/// <see cref="TensorPrimitives.Dot{T}(ReadOnlySpan{T}, ReadOnlySpan{T})"/> then the bias in <see cref="ForwardNT"/>.
/// </remarks>
public static class MatMul<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>y = x·wᵀ (+ b): x (n, k), w (m, k), b (m) or empty, y (n, m). Overwrites y.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ForwardNT(Span<T> y, ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> b, int n, int k, int m)
    {
        if (typeof(T) == typeof(float))
        {
            Span<float> yf = MemoryMarshal.Cast<T, float>(y);
            if (!b.IsEmpty)
            {
                ReadOnlySpan<float> bf = MemoryMarshal.Cast<T, float>(b).Slice(0, m);
                for (int i = 0; i < n; i++) bf.CopyTo(yf.Slice(i * m, m));
            }
            Sgemm.NT(yf, MemoryMarshal.Cast<T, float>(x), MemoryMarshal.Cast<T, float>(w), n, m, k, accumulate: !b.IsEmpty);
            return;
        }
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<T> xi = x.Slice(i * k, k);
            Span<T> yi = y.Slice(i * m, m);
            for (int j = 0; j < m; j++)
            {
                T acc = TensorPrimitives.Dot(xi, w.Slice(j * k, k));
                yi[j] = b.IsEmpty ? acc : acc + b[j];
            }
        }
    }

    /// <summary>dx += dy·w: dy (n, m), w (m, k), dx (n, k).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AccumulateNN(Span<T> dx, ReadOnlySpan<T> dy, ReadOnlySpan<T> w, int n, int m, int k)
    {
        if (typeof(T) == typeof(float))
        {
            Sgemm.NN(MemoryMarshal.Cast<T, float>(dx), MemoryMarshal.Cast<T, float>(dy), MemoryMarshal.Cast<T, float>(w), n, k, m, accumulate: true);
            return;
        }
        for (int i = 0; i < n; i++)
        {
            Span<T> dxi = dx.Slice(i * k, k);
            ReadOnlySpan<T> dyi = dy.Slice(i * m, m);
            for (int j = 0; j < m; j++)
            {
                T g = dyi[j];
                if (g == T.Zero) continue;
                TensorPrimitives.MultiplyAdd(w.Slice(j * k, k), g, dxi, dxi);
            }
        }
    }

    /// <summary>dx = dy·w (overwrites dx): dy (n, m), w (m, k), dx (n, k). Bitwise the same as clearing dx and calling
    /// <see cref="AccumulateNN"/>, without the clear and the reads of dx.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyNN(Span<T> dx, ReadOnlySpan<T> dy, ReadOnlySpan<T> w, int n, int m, int k)
    {
        if (typeof(T) == typeof(float))
        {
            Sgemm.NN(MemoryMarshal.Cast<T, float>(dx), MemoryMarshal.Cast<T, float>(dy), MemoryMarshal.Cast<T, float>(w), n, k, m, accumulate: false);
            return;
        }
        dx.Slice(0, n * k).Clear();
        AccumulateNN(dx, dy, w, n, m, k);
    }

    /// <summary>dw += dyᵀ·x: dy (n, m), x (n, k), dw (m, k). Rows of the batch are summed in order 0..n−1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AccumulateTN(Span<T> dw, ReadOnlySpan<T> dy, ReadOnlySpan<T> x, int n, int m, int k)
    {
        if (typeof(T) == typeof(float))
        {
            Sgemm.TN(MemoryMarshal.Cast<T, float>(dw), MemoryMarshal.Cast<T, float>(dy), MemoryMarshal.Cast<T, float>(x), m, k, n, accumulate: true);
            return;
        }
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<T> xi = x.Slice(i * k, k);
            ReadOnlySpan<T> dyi = dy.Slice(i * m, m);
            for (int j = 0; j < m; j++)
            {
                T g = dyi[j];
                if (g == T.Zero) continue;
                Span<T> dwj = dw.Slice(j * k, k);
                TensorPrimitives.MultiplyAdd(xi, g, dwj, dwj);
            }
        }
    }

    /// <summary>dw = dyᵀ·x (overwrites dw): dy (n, m), x (n, k), dw (m, k). Bitwise the same as clearing dw and calling
    /// <see cref="AccumulateTN"/>, without the clear and the reads of dw.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyTN(Span<T> dw, ReadOnlySpan<T> dy, ReadOnlySpan<T> x, int n, int m, int k)
    {
        if (typeof(T) == typeof(float))
        {
            Sgemm.TN(MemoryMarshal.Cast<T, float>(dw), MemoryMarshal.Cast<T, float>(dy), MemoryMarshal.Cast<T, float>(x), m, k, n, accumulate: false);
            return;
        }
        dw.Slice(0, m * k).Clear();
        AccumulateTN(dw, dy, x, n, m, k);
    }

    /// <summary>db += column sums of dy (n, m), rows summed in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AccumulateColumnSums(Span<T> db, ReadOnlySpan<T> dy, int n, int m)
    {
        if (typeof(T) == typeof(float))
        {
            ColumnSumKernels.Accumulate(MemoryMarshal.Cast<T, float>(db), MemoryMarshal.Cast<T, float>(dy), n, m);
            return;
        }
        for (int i = 0; i < n; i++) TensorPrimitives.Add(db, dy.Slice(i * m, m), db);
    }
}
