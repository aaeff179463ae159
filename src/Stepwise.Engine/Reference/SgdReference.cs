using System.Numerics;

namespace Stepwise.Engine.Reference;

/// <summary>The SGD update of <see cref="Optim.Sgd{T}"/> as a plain loop in any IEEE float type (the float32 optimizer
/// runs the same expressions vectorized, so the values are bitwise those of this loop).</summary>
public static class SgdReference<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>g ← g + wd·p; with momentum μ (state not empty): b ← μ·b + g (b = g when <paramref name="first"/>),
    /// g ← g + μ·b (Nesterov) or g ← b; then p ← p − lr·g.</summary>
    public static void Step(Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> state, T lr, T momentum, T decay, bool nesterov, bool first)
    {
        for (int i = 0; i < parameters.Length; i++)
        {
            T g = gradients[i] + decay * parameters[i];
            if (state.Length > 0)
            {
                T b = first ? g : momentum * state[i] + g;
                state[i] = b;
                g = nesterov ? g + momentum * b : b;
            }
            parameters[i] -= lr * g;
        }
    }
}
