using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Stepwise.Engine.Kernels;

namespace Stepwise.Engine.Layers;

/// <summary>Forward/backward of the elementwise activations. Forward reads the pre-activation z and writes a;
/// Backward accumulates dz += da · f′(z), reading the cached z. Float32 ReLU and GELU run vectorized and in parallel
/// over fixed chunks; GELU there is computed as x·σ(2u), the same function as ½x(1 + tanh u).</summary>
public static class Activations<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly T Half = T.CreateChecked(0.5);
    private static readonly T GeluC = T.CreateChecked(0.7978845608028654); // √(2/π)
    private static readonly T GeluA = T.CreateChecked(0.044715);
    private static readonly T Three = T.CreateChecked(3.0);

    /// <summary>a = f(z).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(Activation kind, Span<T> a, ReadOnlySpan<T> z)
    {
        if (typeof(T) == typeof(float) && kind is Activation.Relu or Activation.Gelu)
        {
            ActivationKernels.Forward(kind == Activation.Relu ? 0 : 1, MemoryMarshal.Cast<T, float>(a), MemoryMarshal.Cast<T, float>(z));
            return;
        }
        switch (kind)
        {
            case Activation.Relu:
                for (int i = 0; i < z.Length; i++) a[i] = T.Max(z[i], T.Zero); // NaN stays NaN, as in the float kernels
                break;
            case Activation.Gelu:
                for (int i = 0; i < z.Length; i++)
                {
                    T x = z[i];
                    a[i] = Half * x * (T.One + T.Tanh(GeluC * (x + GeluA * x * x * x)));
                }
                break;
            case Activation.Tanh:
                for (int i = 0; i < z.Length; i++) a[i] = T.Tanh(z[i]);
                break;
            default:
                z.CopyTo(a);
                break;
        }
    }

    /// <summary>dz += da · f′(z); with <paramref name="overwrite"/>, dz = da · f′(z) (as if dz were cleared first, which
    /// saves the clear).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(Activation kind, Span<T> dz, ReadOnlySpan<T> da, ReadOnlySpan<T> z, bool overwrite = false)
    {
        if (typeof(T) == typeof(float) && kind is Activation.Relu or Activation.Gelu)
        {
            if (overwrite && kind == Activation.Gelu) dz.Slice(0, z.Length).Clear();
            int op = kind == Activation.Gelu ? 1 : overwrite ? 2 : 0;
            ActivationKernels.Backward(op, MemoryMarshal.Cast<T, float>(dz), MemoryMarshal.Cast<T, float>(da), MemoryMarshal.Cast<T, float>(z));
            return;
        }
        if (overwrite) dz.Slice(0, z.Length).Clear();
        switch (kind)
        {
            case Activation.Relu:
                for (int i = 0; i < z.Length; i++)
                {
                    if (z[i] > T.Zero) dz[i] += da[i];
                }
                break;
            case Activation.Gelu:
                for (int i = 0; i < z.Length; i++)
                {
                    T x = z[i];
                    T u = GeluC * (x + GeluA * x * x * x);
                    T t = T.Tanh(u);
                    T sech2 = T.One - t * t;
                    T du = GeluC * (T.One + Three * GeluA * x * x);
                    dz[i] += da[i] * (Half * (T.One + t) + Half * x * sech2 * du);
                }
                break;
            case Activation.Tanh:
                for (int i = 0; i < z.Length; i++)
                {
                    T t = T.Tanh(z[i]);
                    dz[i] += da[i] * (T.One - t * t);
                }
                break;
            default:
                for (int i = 0; i < z.Length; i++) dz[i] += da[i];
                break;
        }
    }
}
