using System.Runtime.CompilerServices;
using Stepwise.Engine.Kernels;
using Stepwise.Engine.Layers;

namespace Stepwise.Engine.Backends;

/// <summary>The float32 operations training runs: each member is the float32 layer of the same name in
/// <c>Layers/</c> (AVX-512/AVX2 kernels, split over <see cref="EngineThreads"/> by outputs only) or an optimizer kernel.</summary>
internal sealed class Float32Backend : IBackend<float>
{
    /// <summary>The one instance.</summary>
    public static readonly Float32Backend Instance = new();

    private Float32Backend()
    {
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void LinearForward(Span<float> y, ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> b, int rows, int inputs, int outputs) =>
        Linear.Forward(y, x, w, b, rows, inputs, outputs);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void LinearBackward(Span<float> dx, Span<float> dw, Span<float> db, ReadOnlySpan<float> dy, ReadOnlySpan<float> x, ReadOnlySpan<float> w, int rows, int inputs, int outputs,
        bool overwriteDx, bool overwriteGrads) =>
        Linear.Backward(dx, dw, db, dy, x, w, rows, inputs, outputs, overwriteDx, overwriteGrads);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void LinearBackwardInput(Span<float> dx, ReadOnlySpan<float> dy, ReadOnlySpan<float> w, int rows, int inputs, int outputs) =>
        Linear.BackwardInput(dx, dy, w, rows, inputs, outputs);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ActivationForward(Activation kind, Span<float> a, ReadOnlySpan<float> z) => Activations.Forward(kind, a, z);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ActivationBackward(Activation kind, Span<float> dz, ReadOnlySpan<float> da, ReadOnlySpan<float> z, bool overwrite) =>
        Activations.Backward(kind, dz, da, z, overwrite);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void LayerNormForward(Span<float> output, Span<float> mean, Span<float> rstd, ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, int rows, int channels) =>
        LayerNorm.Forward(output, mean, rstd, input, weight, bias, rows, channels);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void LayerNormBackward(Span<float> dinput, Span<float> dweight, Span<float> dbias, ReadOnlySpan<float> doutput, ReadOnlySpan<float> input, ReadOnlySpan<float> weight,
        ReadOnlySpan<float> mean, ReadOnlySpan<float> rstd, int rows, int channels) =>
        LayerNorm.Backward(dinput, dweight, dbias, doutput, input, weight, mean, rstd, rows, channels);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AttentionForward(Span<float> output, Span<float> att, ReadOnlySpan<float> qkv, int batch, int time, int channels, int heads) =>
        CausalSelfAttention.Forward(output, att, qkv, batch, time, channels, heads);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AttentionBackward(Span<float> dqkv, ReadOnlySpan<float> doutput, ReadOnlySpan<float> qkv, ReadOnlySpan<float> att, int batch, int time, int channels, int heads) =>
        CausalSelfAttention.Backward(dqkv, doutput, qkv, att, batch, time, channels, heads);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (float Loss, int Counted) CrossEntropyForward(Span<float> probs, Span<float> losses, ReadOnlySpan<float> logits, ReadOnlySpan<int> targets, int rows, int classes, int ignoreIndex) =>
        SoftmaxCrossEntropy.Forward(probs, losses, logits, targets, rows, classes, ignoreIndex);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void CrossEntropyBackward(Span<float> dlogits, ReadOnlySpan<float> probs, ReadOnlySpan<int> targets, int rows, int classes, float scale,
        ReadOnlySpan<float> multipliers, int rowsPerMultiplier, int ignoreIndex) =>
        SoftmaxCrossEntropy.Backward(dlogits, probs, targets, rows, classes, scale, multipliers, rowsPerMultiplier, ignoreIndex);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void SgdStep(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> state, float lr, float momentum, float decay, bool nesterov, bool first) =>
        OptimizerKernels.Sgd(parameters, gradients, state, lr, momentum, decay, nesterov, first);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AdamWStep(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> m, Span<float> v, float lr, float beta1, float beta2, float eps, float c1, float c2, float shrink) =>
        OptimizerKernels.AdamW(parameters, gradients, m, v, lr, beta1, beta2, eps, c1, c2, shrink);
}
