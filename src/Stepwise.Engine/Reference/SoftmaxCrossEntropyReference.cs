using System.Numerics;

namespace Stepwise.Engine.Reference;

/// <summary>Softmax cross-entropy, mean over the non-ignored rows, as plain loops in any IEEE float type: the float64
/// reference (<see cref="Layers.SoftmaxCrossEntropy"/> is the float32 code training runs). Losses in log-sum-exp form,
/// exact even when p_y underflows.</summary>
public static class SoftmaxCrossEntropyReference<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Fills <paramref name="probs"/> (N, C) and <paramref name="losses"/> (N; 0 for ignored rows) and returns
    /// the mean loss over counted rows, summed in row order.</summary>
    /// <returns>(mean loss, number of counted rows).</returns>
    /// <exception cref="ArgumentOutOfRangeException">A target is neither the ignore index nor in 0..C−1.</exception>
    public static (T Loss, int Counted) Forward(Span<T> probs, Span<T> losses, ReadOnlySpan<T> logits, ReadOnlySpan<int> targets, int rows, int classes, int ignoreIndex = -1)
    {
        T sum = T.Zero;
        int counted = 0;
        for (int i = 0; i < rows; i++)
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
            if (y < 0 || y >= classes) throw new ArgumentOutOfRangeException(nameof(targets), y, $"a target must be in 0..{classes - 1}");
            T loss = T.Log(total) - (z[y] - max);
            losses[i] = loss;
            sum += loss;
            counted++;
        }
        return (counted == 0 ? T.Zero : sum / T.CreateChecked(counted), counted);
    }

    /// <summary>dlogits += s·(p − onehot(y)) for counted rows r, with s = scale, or s = scale·m[r / rowsPerMultiplier]
    /// when <paramref name="multipliers"/> is not empty.</summary>
    public static void Backward(Span<T> dlogits, ReadOnlySpan<T> probs, ReadOnlySpan<int> targets, int rows, int classes, T scale,
        ReadOnlySpan<T> multipliers = default, int rowsPerMultiplier = 1, int ignoreIndex = -1)
    {
        for (int i = 0; i < rows; i++)
        {
            int y = targets[i];
            if (y == ignoreIndex) continue;
            T s = multipliers.IsEmpty ? scale : scale * multipliers[i / rowsPerMultiplier];
            Span<T> d = dlogits.Slice(i * classes, classes);
            ReadOnlySpan<T> p = probs.Slice(i * classes, classes);
            for (int c = 0; c < classes; c++) d[c] += s * (c == y ? p[c] - T.One : p[c]);
        }
    }
}
