using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Stepwise.Engine.Kernels;

namespace Stepwise.Engine.Optim;

/// <summary>
/// SGD as <c>torch.optim.SGD</c>: g ← g + wd·p; with momentum μ: b ← μ·b + g (b = g on the first update),
/// g ← g + μ·b (Nesterov) or g ← b; then p ← p − lr·g. Float32 runs vectorized and in parallel over fixed chunks,
/// with the same expressions (bitwise the same result).
/// </summary>
public sealed class Sgd<T> : IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _momentum, _decay;

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
        bool first = Steps == 0;
        if (typeof(T) == typeof(float))
        {
            OptimizerKernels.Sgd(MemoryMarshal.Cast<T, float>(parameters), MemoryMarshal.Cast<T, float>(gradients), MemoryMarshal.Cast<T, float>(State.AsSpan()),
                float.CreateChecked(lr), float.CreateChecked(_momentum), float.CreateChecked(_decay), Nesterov, first);
            Steps++;
            return;
        }
        for (int i = 0; i < parameters.Length; i++)
        {
            T g = gradients[i] + _decay * parameters[i];
            if (State.Length > 0)
            {
                T b = first ? g : _momentum * State[i] + g;
                State[i] = b;
                g = Nesterov ? g + _momentum * b : b;
            }
            parameters[i] -= lr * g;
        }
        Steps++;
    }
}
