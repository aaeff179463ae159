using System.Numerics;
using System.Runtime.CompilerServices;
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Combine(ReplayedUpdate u, Span<double> c)
    {
        double eta = u.LearningRate;
        double k = u.OptimizerStepsBefore + 1;
        double c1 = 1 - Math.Pow(_b1, k), c2 = 1 - Math.Pow(_b2, k);
        var f = new Factors(eta / c1, eta / (2 * c1 * c2), 1 / c2, _eps, 1 - _b1, 2 * (1 - _b2), _b1, _b2, 1 - eta * _decay);
        int n = Theta.Length;
        ReadOnlySpan<float> g = u.Gradient, mAfter = u.OptimizerStateAfter[..n], vAfter = u.OptimizerStateAfter.Slice(n, n);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int lanes = Vector<float>.Count;
            for (; i + lanes <= n; i += lanes)
            {
                Vector.Widen(new Vector<float>(g.Slice(i, lanes)), out var g0, out var g1);
                Vector.Widen(new Vector<float>(mAfter.Slice(i, lanes)), out var m0, out var m1);
                Vector.Widen(new Vector<float>(vAfter.Slice(i, lanes)), out var v0, out var v1);
                int half = Vector<double>.Count;
                Step(f, i, g0, m0, v0, c);
                Step(f, i + half, g1, m1, v1, c);
            }
        }
        for (; i < n; i++)
        {
            Step(f, i, new Vector<double>(g[i]), new Vector<double>(mAfter[i]), new Vector<double>(vAfter[i]), c, scalar: true);
        }
    }

    /// <summary>The per-element transposed update, on Vector&lt;double&gt; lanes (the tail uses lane 0 alone); every lane
    /// computes the same IEEE operations, so the result never depends on where a vector starts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Step(in Factors f, int at, Vector<double> g, Vector<double> mAfter, Vector<double> vAfter, Span<double> c, bool scalar = false)
    {
        int count = scalar ? 1 : Vector<double>.Count;
        Vector<double> theta = Load(Theta, at, count), mBar = Load(_m, at, count), vBar = Load(_v, at, count);
        Vector<double> vHat = vAfter * f.InvC2;
        Vector<double> root = Vector.SquareRoot(vHat);
        Vector<double> inverse = Vector<double>.One / (root + new Vector<double>(f.Eps));
        Vector<double> d1 = f.EtaOverC1 * inverse;
        // D₂ = η·m̂′/(2c₂√v̂′(√v̂′+ε)²), 0 where v̂′ = 0
        Vector<double> d2 = Vector.ConditionalSelect(Vector.GreaterThan(vHat, Vector<double>.Zero), f.EtaOver2C1C2 * mAfter * inverse * inverse / root, Vector<double>.Zero);
        Vector<double> am = mBar - d1 * theta;
        Vector<double> av = vBar + d2 * theta;
        Store(f.OneMinusB1 * am + f.TwoOneMinusB2 * g * av, c, at, count);
        Store(f.B1 * am, _m, at, count);
        Store(f.B2 * av, _v, at, count);
        Store(theta * f.Shrink, Theta, at, count);
    }

    private static Vector<double> Load(ReadOnlySpan<double> s, int at, int count) => count == 1 ? new Vector<double>(s[at]) : new Vector<double>(s.Slice(at, count));

    private static void Store(Vector<double> v, Span<double> s, int at, int count)
    {
        if (count == 1) s[at] = v[0];
        else v.CopyTo(s.Slice(at, count));
    }

    private readonly record struct Factors(double EtaOverC1, double EtaOver2C1C2, double InvC2, double Eps, double OneMinusB1, double TwoOneMinusB2,
        double B1, double B2, double Shrink);
}
