using System.Numerics;

namespace Stepwise.Engine.Reference;

/// <summary>The AdamW update of <see cref="Optim.AdamW{T}"/> as a plain loop in any IEEE float type (the float32
/// optimizer runs the same expressions vectorized, so the values are bitwise those of this loop).</summary>
public static class AdamWReference<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>p ← p·shrink; m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; p ← p − lr·(m/c1)/(√(v/c2) + ε), with the bias
    /// corrections c1 = 1 − β₁ᵗ, c2 = 1 − β₂ᵗ and shrink = 1 − lr·wd given by the caller.</summary>
    public static void Step(Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> m, Span<T> v, T lr, T beta1, T beta2, T eps, T c1, T c2, T shrink)
    {
        for (int i = 0; i < parameters.Length; i++)
        {
            T g = gradients[i];
            parameters[i] *= shrink;
            m[i] = beta1 * m[i] + (T.One - beta1) * g;
            v[i] = beta2 * v[i] + (T.One - beta2) * g * g;
            T mHat = m[i] / c1;
            T vHat = v[i] / c2;
            parameters[i] -= lr * mHat / (T.Sqrt(vHat) + eps);
        }
    }
}
