using System.Runtime.CompilerServices;
using Stepwise.Engine.Kernels;

namespace Stepwise.Engine.Layers;

/// <summary>Forward/backward of the elementwise activations in float32: the code training runs
/// (<see cref="Reference.ActivationsReference{T}"/> is the plain loop, for float64). Forward reads the pre-activation z
/// and writes a; Backward accumulates dz += da · f′(z), reading the cached z. ReLU and GELU run vectorized and in
/// parallel over fixed chunks (<see cref="ActivationKernels"/>; GELU as x·σ(2u), the same function as
/// ½x(1 + tanh u)); tanh and the identity are plain loops.</summary>
public static class Activations
{
    /// <summary>a = f(z), elementwise; a and z have the same length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(Activation kind, Span<float> a, ReadOnlySpan<float> z)
    {
        switch (kind)
        {
            case Activation.Relu:
                ActivationKernels.Forward(0, a, z);
                break;
            case Activation.Gelu:
                ActivationKernels.Forward(1, a, z);
                break;
            case Activation.Tanh:
                for (int i = 0; i < z.Length; i++) a[i] = float.Tanh(z[i]);
                break;
            default:
                z.CopyTo(a);
                break;
        }
    }

    /// <summary>dz += da · f′(z); with <paramref name="overwrite"/>, dz = da · f′(z) (bitwise as if dz were cleared
    /// first, without the clear).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(Activation kind, Span<float> dz, ReadOnlySpan<float> da, ReadOnlySpan<float> z, bool overwrite = false)
    {
        switch (kind)
        {
            case Activation.Relu:
                ActivationKernels.Backward(overwrite ? 2 : 0, dz, da, z);
                return;
            case Activation.Gelu:
                if (overwrite) dz.Slice(0, z.Length).Clear();
                ActivationKernels.Backward(1, dz, da, z);
                return;
        }
        if (overwrite) dz.Slice(0, z.Length).Clear();
        if (kind == Activation.Tanh)
        {
            for (int i = 0; i < z.Length; i++)
            {
                float t = float.Tanh(z[i]);
                dz[i] += da[i] * (1f - t * t);
            }
            return;
        }
        for (int i = 0; i < z.Length; i++) dz[i] += da[i];
    }
}
