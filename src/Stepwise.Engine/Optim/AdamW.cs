using System.Numerics;
using System.Runtime.CompilerServices;
using Stepwise.Engine.Backends;

namespace Stepwise.Engine.Optim;

/// <summary>
/// AdamW as <c>torch.optim.AdamW</c>: p ← p·(1 − lr·wd); m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²;
/// p ← p − lr·m̂/(√v̂ + ε) with bias corrections m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ). State = [m | v]. Float32 runs
/// vectorized and in parallel over fixed chunks (<see cref="Kernels.OptimizerKernels"/>), with the expressions of
/// <see cref="Reference.AdamWReference{T}"/> (bitwise the same result), which every other type runs.
/// </summary>
public sealed class AdamW<T> : IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _b1, _b2, _eps, _decay;
    private readonly int _size;
    private readonly IBackend<T> _backend = Backend<T>.Default;

    /// <summary>Creates the optimizer (torch defaults: β = (0.9, 0.999), ε = 1e-8, wd = 0.01).</summary>
    public AdamW(int size, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0.01)
    {
        if (beta1 is < 0 or >= 1 || beta2 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta1), "betas must be in [0, 1)");
        if (eps <= 0 || weightDecay < 0) throw new ArgumentOutOfRangeException(nameof(eps), "eps must be > 0 and weight decay ≥ 0");
        (_b1, _b2, _eps, _decay, _size) = (T.CreateChecked(beta1), T.CreateChecked(beta2), T.CreateChecked(eps), T.CreateChecked(weightDecay), size);
        State = new T[2 * size];
    }

    /// <inheritdoc/>
    public string Name => "adamw";

    /// <inheritdoc/>
    public long Steps { get; set; }

    /// <inheritdoc/>
    public T[] State { get; }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Step(Span<T> parameters, ReadOnlySpan<T> gradients, T lr)
    {
        Steps++;
        T t = T.CreateChecked(Steps);
        T c1 = T.One - T.Pow(_b1, t);
        T c2 = T.One - T.Pow(_b2, t);
        Span<T> m = State.AsSpan(0, _size);
        Span<T> v = State.AsSpan(_size, _size);
        T shrink = T.One - lr * _decay;
        _backend.AdamWStep(parameters, gradients, m, v, lr, _b1, _b2, _eps, c1, c2, shrink);
    }
}
