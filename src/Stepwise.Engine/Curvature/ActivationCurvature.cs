using System.Numerics;
using Stepwise.Engine.Layers;

namespace Stepwise.Engine.Curvature;

/// <summary>The second derivatives of the hidden activations, for the exact Hessian-vector product (the R-operator's
/// f″ term). Plain loops in any IEEE float type: they run once per hidden element of an update, beside the GEMMs.</summary>
public static class ActivationCurvature
{
    /// <summary>Whether f″ is not identically 0: tanh and GELU; ReLU and the identity are piecewise linear (f″ = 0 away
    /// from ReLU's kink at 0, which a float input reaches with probability 0 and where f′ is taken as 0).</summary>
    public static bool HasSecondDerivative(Activation kind) => kind is Activation.Tanh or Activation.Gelu;

    /// <summary>dz += f″(z)·rz·da elementwise. tanh: f″ = −2t(1 − t²), t = tanh z. GELU (tanh form,
    /// f = ½x(1 + tanh u), u = k(x + a x³), k = √(2/π), a = 0.044715): f″ = (1 − t²)(u′ − x·t·u′² + ½x·u″) with
    /// u′ = k(1 + 3a x²), u″ = 6k a x. Nothing for ReLU and the identity.</summary>
    public static void AddSecondOrder<T>(Activation kind, Span<T> dz, ReadOnlySpan<T> rz, ReadOnlySpan<T> da, ReadOnlySpan<T> z)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (rz.Length != z.Length || da.Length != z.Length || dz.Length < z.Length) throw new ArgumentException("rz, da and z need the same length, dz at least that");
        T two = T.CreateChecked(2), half = T.CreateChecked(0.5);
        switch (kind)
        {
            case Activation.Tanh:
                for (int i = 0; i < z.Length; i++)
                {
                    T t = T.Tanh(z[i]);
                    dz[i] += -two * t * (T.One - t * t) * rz[i] * da[i];
                }
                break;
            case Activation.Gelu:
                T k = T.CreateChecked(0.7978845608028654), a = T.CreateChecked(0.044715), three = T.CreateChecked(3), six = T.CreateChecked(6);
                for (int i = 0; i < z.Length; i++)
                {
                    T x = z[i];
                    T t = T.Tanh(k * (x + a * x * x * x));
                    T du = k * (T.One + three * a * x * x);
                    T ddu = six * k * a * x;
                    T second = (T.One - t * t) * (du - x * t * du * du + half * x * ddu);
                    dz[i] += second * rz[i] * da[i];
                }
                break;
        }
    }
}
