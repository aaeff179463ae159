using Stepwise.Training.Replay;

namespace Stepwise.Analysis.Influence;

/// <summary>
/// torch.optim.AdamW's update transposed. Forward, at step k (bias corrections c₁ = 1 − β₁ᵏ, c₂ = 1 − β₂ᵏ):
/// m′ = β₁m + (1−β₁)g, v′ = β₂v + (1−β₂)g², θ′ = (1−ηλ)θ − η·m̂′/(√v̂′ + ε) with m̂′ = m′/c₁, v̂′ = v′/c₂. Linearized,
/// δθ′ = (1−ηλ)δθ − D₁⊙δm′ + D₂⊙δv′ with D₁ = η/(c₁(√v̂′+ε)) and D₂ = η·m̂′/(2c₂√v̂′(√v̂′+ε)²) (0 where v̂′ = 0).
/// Transposed: ā_m = m̄′ − D₁⊙θ̄′, ā_v = v̄′ + D₂⊙θ̄′; c = (1−β₁)ā_m + 2(1−β₂)g⊙ā_v; m̄ = β₁ā_m, v̄ = β₂ā_v,
/// θ̄ = (1−ηλ)θ̄′ + H·c. Needs g and (m′, v′) of the update, which the replay keeps.
/// </summary>
internal sealed class AdamWAdjoint : OptimizerAdjoint
{
    private readonly double _b1, _b2, _eps, _decay;
    private readonly double[] _m, _v;
    private readonly double[][] _buffers;

    public AdamWAdjoint(int parameters, double beta1, double beta2, double eps, double weightDecay) : base(parameters)
    {
        (_b1, _b2, _eps, _decay) = ((float)beta1, (float)beta2, (float)eps, (float)weightDecay); // the optimizer's float32 values
        _m = new double[parameters];
        _v = new double[parameters];
        _buffers = [Theta, _m, _v];
    }

    public override ReplayCapture Capture => ReplayCapture.Gradient | ReplayCapture.OptimizerState;

    public override IReadOnlyList<double[]> Buffers => _buffers;

    public override void Combine(ReplayedUpdate u, Span<double> c)
    {
        double eta = u.LearningRate;
        double k = u.OptimizerStepsBefore + 1;
        double c1 = 1 - Math.Pow(_b1, k), c2 = 1 - Math.Pow(_b2, k);
        double shrink = 1 - eta * _decay;
        int n = Theta.Length;
        ReadOnlySpan<float> g = u.Gradient, mAfter = u.OptimizerStateAfter[..n], vAfter = u.OptimizerStateAfter.Slice(n, n);
        for (int i = 0; i < n; i++)
        {
            double vHat = vAfter[i] / c2;
            double root = Math.Sqrt(vHat), denominator = root + _eps;
            double d1 = eta / (c1 * denominator);
            double d2 = vHat > 0 ? eta * (mAfter[i] / c1) / (2 * c2 * root * denominator * denominator) : 0;
            double am = _m[i] - d1 * Theta[i];
            double av = _v[i] + d2 * Theta[i];
            c[i] = (1 - _b1) * am + 2 * (1 - _b2) * g[i] * av;
            _m[i] = _b1 * am;
            _v[i] = _b2 * av;
            Theta[i] *= shrink;
        }
    }

    public override void Finish(ReplayedUpdate u, ReadOnlySpan<double> c, ReadOnlySpan<double> hc)
    {
        for (int i = 0; i < Theta.Length; i++) Theta[i] += hc[i];
    }
}
