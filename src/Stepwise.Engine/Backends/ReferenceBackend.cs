using System.Numerics;
using Stepwise.Engine.Layers;
using Stepwise.Engine.Reference;

namespace Stepwise.Engine.Backends;

/// <summary>The reference operations (float64 in practice): each member is the plain loop of the same name in
/// <c>Reference/</c>. Used for gradient checks, Hessian-vector products and the PyTorch comparison.</summary>
internal sealed class ReferenceBackend<T> : IBackend<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The one instance per type.</summary>
    public static readonly ReferenceBackend<T> Instance = new();

    private ReferenceBackend()
    {
    }

    public void LinearForward(Span<T> y, ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> b, int rows, int inputs, int outputs) =>
        LinearReference<T>.Forward(y, x, w, b, rows, inputs, outputs);

    public void LinearBackward(Span<T> dx, Span<T> dw, Span<T> db, ReadOnlySpan<T> dy, ReadOnlySpan<T> x, ReadOnlySpan<T> w, int rows, int inputs, int outputs,
        bool overwriteDx, bool overwriteGrads) =>
        LinearReference<T>.Backward(dx, dw, db, dy, x, w, rows, inputs, outputs, overwriteDx, overwriteGrads);

    public void LinearBackwardInput(Span<T> dx, ReadOnlySpan<T> dy, ReadOnlySpan<T> w, int rows, int inputs, int outputs) =>
        LinearReference<T>.BackwardInput(dx, dy, w, rows, inputs, outputs);

    public void ActivationForward(Activation kind, Span<T> a, ReadOnlySpan<T> z) => ActivationsReference<T>.Forward(kind, a, z);

    public void ActivationBackward(Activation kind, Span<T> dz, ReadOnlySpan<T> da, ReadOnlySpan<T> z, bool overwrite) =>
        ActivationsReference<T>.Backward(kind, dz, da, z, overwrite);

    public void LayerNormForward(Span<T> output, Span<T> mean, Span<T> rstd, ReadOnlySpan<T> input, ReadOnlySpan<T> weight, ReadOnlySpan<T> bias, int rows, int channels) =>
        LayerNormReference<T>.Forward(output, mean, rstd, input, weight, bias, rows, channels);

    public void LayerNormBackward(Span<T> dinput, Span<T> dweight, Span<T> dbias, ReadOnlySpan<T> doutput, ReadOnlySpan<T> input, ReadOnlySpan<T> weight,
        ReadOnlySpan<T> mean, ReadOnlySpan<T> rstd, int rows, int channels) =>
        LayerNormReference<T>.Backward(dinput, dweight, dbias, doutput, input, weight, mean, rstd, rows, channels);

    public void AttentionForward(Span<T> output, Span<T> att, ReadOnlySpan<T> qkv, int batch, int time, int channels, int heads) =>
        CausalSelfAttentionReference<T>.Forward(output, att, qkv, batch, time, channels, heads);

    public void AttentionBackward(Span<T> dqkv, ReadOnlySpan<T> doutput, ReadOnlySpan<T> qkv, ReadOnlySpan<T> att, int batch, int time, int channels, int heads) =>
        CausalSelfAttentionReference<T>.Backward(dqkv, doutput, qkv, att, batch, time, channels, heads);

    public (T Loss, int Counted) CrossEntropyForward(Span<T> probs, Span<T> losses, ReadOnlySpan<T> logits, ReadOnlySpan<int> targets, int rows, int classes, int ignoreIndex) =>
        SoftmaxCrossEntropyReference<T>.Forward(probs, losses, logits, targets, rows, classes, ignoreIndex);

    public void CrossEntropyBackward(Span<T> dlogits, ReadOnlySpan<T> probs, ReadOnlySpan<int> targets, int rows, int classes, T scale,
        ReadOnlySpan<T> multipliers, int rowsPerMultiplier, int ignoreIndex) =>
        SoftmaxCrossEntropyReference<T>.Backward(dlogits, probs, targets, rows, classes, scale, multipliers, rowsPerMultiplier, ignoreIndex);

    public void SgdStep(Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> state, T lr, T momentum, T decay, bool nesterov, bool first) =>
        SgdReference<T>.Step(parameters, gradients, state, lr, momentum, decay, nesterov, first);

    public void AdamWStep(Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> m, Span<T> v, T lr, T beta1, T beta2, T eps, T c1, T c2, T shrink) =>
        AdamWReference<T>.Step(parameters, gradients, m, v, lr, beta1, beta2, eps, c1, c2, shrink);
}
