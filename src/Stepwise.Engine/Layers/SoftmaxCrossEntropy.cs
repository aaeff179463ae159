using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Stepwise.Engine.Kernels;

namespace Stepwise.Engine.Layers;

/// <summary>
/// Softmax cross-entropy, mean over the non-ignored rows. Forward caches the probabilities and exposes per-row losses;
/// Backward accumulates dlogits += scale · (p − onehot) for each counted row. Float32 rows run vectorized and in
/// parallel (rows are independent; the mean is summed in row order afterwards).
/// </summary>
public static class SoftmaxCrossEntropy<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Fills <paramref name="probs"/> (B, C) and <paramref name="losses"/> (B; 0 for ignored rows) and returns
    /// the mean loss over counted rows, summed in row order. Rows whose target equals <paramref name="ignoreIndex"/> are ignored.</summary>
    /// <returns>(mean loss, number of counted rows).</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (T Loss, int Counted) Forward(Span<T> probs, Span<T> losses, ReadOnlySpan<T> logits, ReadOnlySpan<int> targets, int batch, int classes, int ignoreIndex = -1)
    {
        T sum = T.Zero;
        int counted = 0;
        if (typeof(T) == typeof(float))
        {
            int? bad = SoftmaxKernels.Forward(MemoryMarshal.Cast<T, float>(probs), MemoryMarshal.Cast<T, float>(losses), MemoryMarshal.Cast<T, float>(logits), targets, batch, classes, ignoreIndex);
            if (bad is { } y) throw new ArgumentOutOfRangeException(nameof(targets), y, $"a target must be in 0..{classes - 1}");
            for (int i = 0; i < batch; i++)
            {
                if (targets[i] == ignoreIndex) continue;
                sum += losses[i];
                counted++;
            }
            return (counted == 0 ? T.Zero : sum / T.CreateChecked(counted), counted);
        }
        for (int i = 0; i < batch; i++)
        {
            ReadOnlySpan<T> z = logits.Slice(i * classes, classes);
            Span<T> p = probs.Slice(i * classes, classes);
            T max = z[0];
            for (int c = 1; c < classes; c++) max = T.Max(max, z[c]);
            T total = T.Zero;
            for (int c = 0; c < classes; c++)
            {
                p[c] = T.Exp(z[c] - max);
                total += p[c];
            }
            T inv = T.One / total;
            for (int c = 0; c < classes; c++) p[c] *= inv;
            int y = targets[i];
            if (y == ignoreIndex)
            {
                losses[i] = T.Zero;
                continue;
            }
            if ((uint)y >= (uint)classes) throw new ArgumentOutOfRangeException(nameof(targets), y, $"a target must be in 0..{classes - 1}");
            // log-sum-exp form: loss = log Σ exp(z − max) − (z_y − max), exact even when p_y underflows
            T loss = T.Log(total) - (z[y] - max);
            losses[i] = loss;
            sum += loss;
            counted++;
        }
        return (counted == 0 ? T.Zero : sum / T.CreateChecked(counted), counted);
    }

    /// <summary>dlogits += scale · (p − onehot(y)) for counted rows; scale is 1/counted for the mean loss.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(Span<T> dlogits, ReadOnlySpan<T> probs, ReadOnlySpan<int> targets, int batch, int classes, T scale, int ignoreIndex = -1)
    {
        if (typeof(T) == typeof(float))
        {
            SoftmaxKernels.Backward(MemoryMarshal.Cast<T, float>(dlogits), MemoryMarshal.Cast<T, float>(probs), targets, batch, classes, float.CreateChecked(scale), ignoreIndex);
            return;
        }
        for (int i = 0; i < batch; i++)
        {
            int y = targets[i];
            if (y == ignoreIndex) continue;
            Span<T> d = dlogits.Slice(i * classes, classes);
            ReadOnlySpan<T> p = probs.Slice(i * classes, classes);
            for (int c = 0; c < classes; c++) d[c] += scale * (c == y ? p[c] - T.One : p[c]);
        }
    }
}
