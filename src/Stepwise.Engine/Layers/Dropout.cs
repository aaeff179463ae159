using System.Numerics;
using System.Runtime.CompilerServices;

namespace Stepwise.Engine.Layers;

/// <summary>Inverted dropout: keep each element with probability 1−p and scale it by 1/(1−p). The mask is drawn from a
/// seeded <see cref="Rng"/> in element order, so a run is reproducible; in evaluation the layer is the identity.</summary>
public static class Dropout<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>out = x·mask; mask (same length) holds 0 or 1/(1−p). With p = 0 or not training, out = x and mask = 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(Span<T> output, Span<T> mask, ReadOnlySpan<T> input, double p, bool training, Rng rng)
    {
        if (p is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(p), p, "dropout must be in [0, 1)");
        if (!training || p == 0)
        {
            if (!System.Runtime.CompilerServices.Unsafe.AreSame(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(input), ref System.Runtime.InteropServices.MemoryMarshal.GetReference(output)))
            {
                input.CopyTo(output); // in place (the models' use) needs no copy
            }
            mask.Fill(T.One);
            return;
        }
        T keep = T.One / T.CreateChecked(1 - p);
        for (int i = 0; i < input.Length; i++)
        {
            T m = rng.NextDouble() < p ? T.Zero : keep;
            mask[i] = m;
            output[i] = input[i] * m;
        }
    }

    /// <summary>dx += dout·mask.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(Span<T> dinput, ReadOnlySpan<T> doutput, ReadOnlySpan<T> mask)
    {
        // (dout·mask) + dx per element, unfused: the same value on every code path
        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(doutput.Slice(0, dinput.Length), mask.Slice(0, dinput.Length), dinput, dinput);
    }
}
