using System.Numerics;
using Stepwise.Engine.Layers;

namespace Stepwise.Engine.Backends;

/// <summary>
/// The numerical operations a model and an optimizer run, one call per layer or update (never per element): the
/// float32 implementation (<see cref="Float32Backend"/>) is the code training runs, on the kernels of
/// <c>Kernels/</c>; the reference implementation (<see cref="ReferenceBackend{T}"/>) runs the plain loops of
/// <c>Reference/</c> in float64 for gradient checks, Hessian-vector products and the PyTorch comparison.
/// <see cref="Backend{T}.Default"/> picks one by type. Shapes: N = rows, C = channels, B = batch, T = time, NH = heads.
/// </summary>
internal interface IBackend<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>y (N, out) = x (N, in)·Wᵀ + b; b may be empty.</summary>
    void LinearForward(Span<T> y, ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> b, int rows, int inputs, int outputs);

    /// <summary>dW += dyᵀx, db += Σ dy, dx += dy·W (each optional or overwritten as in <see cref="Linear.Backward"/>).</summary>
    void LinearBackward(Span<T> dx, Span<T> dw, Span<T> db, ReadOnlySpan<T> dy, ReadOnlySpan<T> x, ReadOnlySpan<T> w, int rows, int inputs, int outputs,
        bool overwriteDx, bool overwriteGrads);

    /// <summary>dx (N, in) = dy (N, out)·W, overwriting dx.</summary>
    void LinearBackwardInput(Span<T> dx, ReadOnlySpan<T> dy, ReadOnlySpan<T> w, int rows, int inputs, int outputs);

    /// <summary>a = f(z).</summary>
    void ActivationForward(Activation kind, Span<T> a, ReadOnlySpan<T> z);

    /// <summary>dz += da·f′(z), or dz = da·f′(z) with <paramref name="overwrite"/>.</summary>
    void ActivationBackward(Activation kind, Span<T> dz, ReadOnlySpan<T> da, ReadOnlySpan<T> z, bool overwrite);

    /// <summary>out (N, C) = layer norm of x; caches mean (N), rstd (N).</summary>
    void LayerNormForward(Span<T> output, Span<T> mean, Span<T> rstd, ReadOnlySpan<T> input, ReadOnlySpan<T> weight, ReadOnlySpan<T> bias, int rows, int channels);

    /// <summary>Accumulates dinput (N, C), dweight (C), dbias (C).</summary>
    void LayerNormBackward(Span<T> dinput, Span<T> dweight, Span<T> dbias, ReadOnlySpan<T> doutput, ReadOnlySpan<T> input, ReadOnlySpan<T> weight,
        ReadOnlySpan<T> mean, ReadOnlySpan<T> rstd, int rows, int channels);

    /// <summary>out (B, T, C) and att (B, NH, T, T) from qkv (B, T, 3C).</summary>
    void AttentionForward(Span<T> output, Span<T> att, ReadOnlySpan<T> qkv, int batch, int time, int channels, int heads);

    /// <summary>Accumulates dqkv (B, T, 3C) from doutput (B, T, C).</summary>
    void AttentionBackward(Span<T> dqkv, ReadOnlySpan<T> doutput, ReadOnlySpan<T> qkv, ReadOnlySpan<T> att, int batch, int time, int channels, int heads);

    /// <summary>probs (N, C), losses (N); returns the mean over counted rows and their number.</summary>
    (T Loss, int Counted) CrossEntropyForward(Span<T> probs, Span<T> losses, ReadOnlySpan<T> logits, ReadOnlySpan<int> targets, int rows, int classes, int ignoreIndex);

    /// <summary>dlogits += s·(p − onehot) per counted row, s = scale (·multipliers[r / rowsPerMultiplier] when given).</summary>
    void CrossEntropyBackward(Span<T> dlogits, ReadOnlySpan<T> probs, ReadOnlySpan<int> targets, int rows, int classes, T scale,
        ReadOnlySpan<T> multipliers, int rowsPerMultiplier, int ignoreIndex);

    /// <summary>One SGD update (<see cref="Reference.SgdReference{T}.Step"/>).</summary>
    void SgdStep(Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> state, T lr, T momentum, T decay, bool nesterov, bool first);

    /// <summary>One AdamW update (<see cref="Reference.AdamWReference{T}.Step"/>).</summary>
    void AdamWStep(Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> m, Span<T> v, T lr, T beta1, T beta2, T eps, T c1, T c2, T shrink);
}
