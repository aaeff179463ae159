using Stepwise.Engine.Kernels;
using Stepwise.Training.Replay;

namespace Stepwise.Analysis.Influence;

/// <summary>
/// torch.optim.SGD's update transposed: g̃ = g + λθ; b′ = μ_t·b + g̃ (μ_t = 0 on the run's first update, where the
/// buffer starts as g̃); d = g̃ + μb′ (Nesterov) or b′; θ′ = θ − ηd. With the adjoints θ̄′, b̄′ of the state after it:
/// ā = b̄′ − ημθ̄′ (Nesterov) or b̄′ − ηθ̄′; c = ā − ηθ̄′ (Nesterov) or ā; b̄ = μ_t·ā; θ̄ = θ̄′ + (H + λ)c. Without momentum
/// this is c = −ηθ̄′, θ̄ = θ̄′ − η(Hθ̄′ + λθ̄′): each occurrence of j scores η·w·⟨θ̄′, ∇ℓ_j⟩.
/// </summary>
internal sealed class SgdAdjoint : OptimizerAdjoint
{
    private readonly double _momentum, _decay;
    private readonly bool _nesterov;
    private readonly double[] _buffer;
    private readonly double[][] _buffers;

    public SgdAdjoint(int parameters, double momentum, bool nesterov, double weightDecay) : base(parameters)
    {
        _momentum = (float)momentum;    // the optimizer's float32 values
        _decay = (float)weightDecay;
        _nesterov = nesterov;
        _buffer = momentum > 0 ? new double[parameters] : [];
        _buffers = momentum > 0 ? [Theta, _buffer] : [Theta];
    }

    public override ReplayCapture Capture => ReplayCapture.None;

    public override IReadOnlyList<double[]> Buffers => _buffers;

    public override void Combine(ReplayedUpdate u, Span<double> c)
    {
        double eta = u.LearningRate;
        if (_momentum == 0)
        {
            VectorKernels.Multiply(Theta, -eta, c);
            return;
        }
        double mu = u.OptimizerStepsBefore == 0 ? 0 : _momentum;
        double k = _nesterov ? eta * _momentum : eta;
        // ā = b̄′ − kθ̄′ (into c), c = ā − ηθ̄′ (Nesterov), b̄ = μ_t·ā
        VectorKernels.MultiplyAdd(Theta, -k, _buffer, c);
        VectorKernels.Multiply(c, mu, _buffer);
        if (_nesterov) VectorKernels.MultiplyAdd(Theta, -eta, c, c);
    }

    public override void Finish(ReplayedUpdate u, ReadOnlySpan<double> c)
    {
        if (_decay != 0) VectorKernels.MultiplyAdd(c, _decay, Theta, Theta);
    }
}
