using System.Numerics;

namespace Stepwise.Engine.Backends;

/// <summary>Which operations a model or optimizer of element type <typeparamref name="T"/> runs: float32 runs
/// <see cref="Float32Backend"/> (the training path), every other type the reference loops. This is the only place the
/// engine chooses code by type.</summary>
internal static class Backend<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The backend for <typeparamref name="T"/>.</summary>
    public static readonly IBackend<T> Default = typeof(T) == typeof(float)
        ? (IBackend<T>)(object)Float32Backend.Instance
        : ReferenceBackend<T>.Instance;
}
