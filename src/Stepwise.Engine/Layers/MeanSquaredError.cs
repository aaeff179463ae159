using System.Numerics;
using System.Runtime.CompilerServices;

namespace Stepwise.Engine.Layers;

/// <summary>Mean squared error over B rows of D outputs: L = (1/B) Σᵢ Σⱼ (ŷᵢⱼ − yᵢⱼ)² / D.</summary>
public static class MeanSquaredError<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Fills per-row losses and returns their mean (rows summed in order).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static T Forward(Span<T> losses, ReadOnlySpan<T> predictions, ReadOnlySpan<T> targets, int batch, int dims)
    {
        T sum = T.Zero;
        T invD = T.One / T.CreateChecked(dims);
        for (int i = 0; i < batch; i++)
        {
            T row = T.Zero;
            for (int j = 0; j < dims; j++)
            {
                T d = predictions[i * dims + j] - targets[i * dims + j];
                row += d * d;
            }
            losses[i] = row * invD;
            sum += losses[i];
        }
        return sum / T.CreateChecked(batch);
    }

    /// <summary>dpred += scale · 2(ŷ − y)/D; scale is 1/B for the mean loss.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(Span<T> dpredictions, ReadOnlySpan<T> predictions, ReadOnlySpan<T> targets, int batch, int dims, T scale)
    {
        T k = scale * T.CreateChecked(2) / T.CreateChecked(dims);
        for (int i = 0; i < batch * dims; i++) dpredictions[i] += k * (predictions[i] - targets[i]);
    }
}
