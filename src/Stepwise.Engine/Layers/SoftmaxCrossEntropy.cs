using System.Runtime.CompilerServices;
using Stepwise.Engine.Kernels;

namespace Stepwise.Engine.Layers;

/// <summary>
/// Softmax cross-entropy in float32, mean over the non-ignored rows: the code training runs
/// (<see cref="Reference.SoftmaxCrossEntropyReference{T}"/> is the plain loop, for float64). Forward caches the
/// probabilities and exposes per-row losses; Backward accumulates dlogits += scale·mᵢ·(p − onehot) for each counted row.
/// Rows run vectorized and in parallel (rows are independent; the mean is summed in row order afterwards).
/// </summary>
public static class SoftmaxCrossEntropy
{
    /// <summary>Fills <paramref name="probs"/> (N, C) and <paramref name="losses"/> (N; 0 for ignored rows) and returns
    /// the mean loss over counted rows, summed in row order. Rows whose target equals <paramref name="ignoreIndex"/>
    /// are ignored; every other target must be in 0..C−1.</summary>
    /// <returns>(mean loss, number of counted rows).</returns>
    /// <exception cref="ArgumentOutOfRangeException">A target is out of range.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (float Loss, int Counted) Forward(Span<float> probs, Span<float> losses, ReadOnlySpan<float> logits, ReadOnlySpan<int> targets, int rows, int classes, int ignoreIndex = -1)
    {
        int? bad = SoftmaxKernels.Forward(probs, losses, logits, targets, rows, classes, ignoreIndex);
        if (bad is { } y) throw new ArgumentOutOfRangeException(nameof(targets), y, $"a target must be in 0..{classes - 1}");
        float sum = 0f;
        int counted = 0;
        for (int i = 0; i < rows; i++)
        {
            if (targets[i] == ignoreIndex) continue;
            sum += losses[i];
            counted++;
        }
        return (counted == 0 ? 0f : sum / counted, counted);
    }

    /// <summary>dlogits += scale·(p − onehot(y)) for counted rows; scale is 1/counted for the mean loss.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(Span<float> dlogits, ReadOnlySpan<float> probs, ReadOnlySpan<int> targets, int rows, int classes, float scale, int ignoreIndex = -1) =>
        SoftmaxKernels.Backward(dlogits, probs, targets, rows, classes, scale, ReadOnlySpan<float>.Empty, 1, ignoreIndex);

    /// <summary>dlogits += (scale·m[r / rowsPerMultiplier])·(p − onehot(y)) for counted rows r: one multiplier per
    /// group of <paramref name="rowsPerMultiplier"/> consecutive rows (1 for a row per sample, T for a sequence per
    /// sample). A multiplier of 1 gives bitwise the rows of <see cref="Backward(Span{float}, ReadOnlySpan{float}, ReadOnlySpan{int}, int, int, float, int)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(Span<float> dlogits, ReadOnlySpan<float> probs, ReadOnlySpan<int> targets, int rows, int classes, float scale,
        ReadOnlySpan<float> multipliers, int rowsPerMultiplier, int ignoreIndex = -1) =>
        SoftmaxKernels.Backward(dlogits, probs, targets, rows, classes, scale, multipliers, rowsPerMultiplier, ignoreIndex);
}
