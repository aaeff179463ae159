using System.Numerics;

namespace Stepwise.Engine.Optim;

/// <summary>An optimizer over a flat parameter buffer. Its whole state is <see cref="State"/> (same layout as the
/// parameters, times the number of moments) plus <see cref="Steps"/>, so it checkpoints as one write.</summary>
public interface IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>A name for logs: <c>sgd</c>, <c>adamw</c>.</summary>
    string Name { get; }

    /// <summary>Updates taken so far.</summary>
    long Steps { get; set; }

    /// <summary>The optimizer state buffer (moments), for checkpoints.</summary>
    T[] State { get; }

    /// <summary>One update of <paramref name="parameters"/> from <paramref name="gradients"/> at learning rate <paramref name="lr"/>.</summary>
    void Step(Span<T> parameters, ReadOnlySpan<T> gradients, T lr);
}
