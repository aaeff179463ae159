using System.Numerics;

namespace Stepwise.Engine.Reference;

/// <summary>The elementwise activations as plain loops in any IEEE float type: the float64 reference for gradient
/// checks, Hessian-vector products and the PyTorch comparison (<see cref="Layers.Activations"/> is the float32 code
/// training runs). Forward writes a = f(z); Backward accumulates dz += da · f′(z), reading the cached z.</summary>
public static class ActivationsReference<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly T Half = T.CreateChecked(0.5);
    private static readonly T GeluC = T.CreateChecked(0.7978845608028654); // √(2/π)
    private static readonly T GeluA = T.CreateChecked(0.044715);
    private static readonly T Three = T.CreateChecked(3.0);

    /// <summary>a = f(z), elementwise; GELU is ½x(1 + tanh(√(2/π)(x + 0.044715x³))).</summary>
    public static void Forward(Layers.Activation kind, Span<T> a, ReadOnlySpan<T> z)
    {
        switch (kind)
        {
            case Layers.Activation.Relu:
                for (int i = 0; i < z.Length; i++) a[i] = T.Max(z[i], T.Zero); // NaN stays NaN, as in the float kernels
                break;
            case Layers.Activation.Gelu:
                for (int i = 0; i < z.Length; i++)
                {
                    T x = z[i];
                    a[i] = Half * x * (T.One + T.Tanh(GeluC * (x + GeluA * x * x * x)));
                }
                break;
            case Layers.Activation.Tanh:
                for (int i = 0; i < z.Length; i++) a[i] = T.Tanh(z[i]);
                break;
            default:
                z.CopyTo(a);
                break;
        }
    }

    /// <summary>dz += da · f′(z); with <paramref name="overwrite"/>, dz = da · f′(z).</summary>
    public static void Backward(Layers.Activation kind, Span<T> dz, ReadOnlySpan<T> da, ReadOnlySpan<T> z, bool overwrite = false)
    {
        if (overwrite) dz.Slice(0, z.Length).Clear();
        switch (kind)
        {
            case Layers.Activation.Relu:
                for (int i = 0; i < z.Length; i++)
                {
                    if (z[i] > T.Zero) dz[i] += da[i];
                }
                break;
            case Layers.Activation.Gelu:
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
            case Layers.Activation.Tanh:
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
