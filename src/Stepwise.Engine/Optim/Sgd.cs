using System.Numerics;
using System.Runtime.CompilerServices;
using Stepwise.Engine.Backends;

namespace Stepwise.Engine.Optim;

/// <summary>
/// SGD as <c>torch.optim.SGD</c>: g ← g + wd·p; with momentum μ: b ← μ·b + g (b = g on the first update),
/// g ← g + μ·b (Nesterov) or g ← b; then p ← p − lr·g. Float32 runs vectorized and in parallel over fixed chunks
/// (<see cref="Kernels.OptimizerKernels"/>), with the expressions of <see cref="Reference.SgdReference{T}"/> (bitwise
/// the same result), which every other type runs.
/// </summary>
public sealed class Sgd<T> : IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _momentum, _decay;
    private readonly IBackend<T> _backend = Backend<T>.Default;

    /// <summary>Creates the optimizer for <paramref name="size"/> parameters.</summary>
    public Sgd(int size, double momentum = 0, bool nesterov = false, double weightDecay = 0)
    {
        if (momentum < 0 || weightDecay < 0) throw new ArgumentOutOfRangeException(nameof(momentum), "momentum and weight decay must be ≥ 0");
        if (nesterov && momentum == 0) throw new ArgumentException("Nesterov momentum needs momentum > 0", nameof(nesterov));
        _momentum = T.CreateChecked(momentum);
        _decay = T.CreateChecked(weightDecay);
        Nesterov = nesterov;
        State = momentum > 0 ? new T[size] : [];
    }

    /// <inheritdoc/>
    public string Name => "sgd";

    /// <summary>Whether Nesterov momentum is used.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc/>
    public long Steps { get; set; }

    /// <inheritdoc/>
    public T[] State { get; }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Step(Span<T> parameters, ReadOnlySpan<T> gradients, T lr)
    {
        _backend.SgdStep(parameters, gradients, State, lr, _momentum, _decay, Nesterov, first: Steps == 0);
        Steps++;
    }
}
