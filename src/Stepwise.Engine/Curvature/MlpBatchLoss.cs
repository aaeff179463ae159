using Stepwise.Engine.Models;

namespace Stepwise.Engine.Curvature;

/// <summary>
/// One micro-batch's term of an update's loss for an <see cref="Mlp{T}"/>, as a float64 function of the parameters:
/// f(θ) = scale·(Σᵢ mᵢ·wᵢ·ℓᵢ + ½λ‖W‖²) on a fixed batch, with wᵢ = 1/B and ℓᵢ row i's cross-entropy (the meaning of
/// <see cref="Mlp{T}.Backward(T, ReadOnlySpan{T}, GradientWrite)"/>). A float64 copy of the model evaluates it, whatever
/// precision was trained. Without multipliers (every mᵢ = 1) and scale 1 it is the batch's mean loss plus the L2 term.
/// </summary>
public sealed class MlpBatchLoss : IGradientFunction
{
    private readonly Mlp<double> _model;
    private readonly double[] _x;
    private readonly int[] _y;
    private readonly int _batch;
    private readonly double _scale;
    private readonly double[]? _multipliers;

    /// <summary>Wraps a float64 model (its parameters are overwritten on each evaluation) and a batch x (B, D), y (B),
    /// with the term's <paramref name="scale"/> (e.g. 1/(ranks·micro-batches)) and optional per-row multipliers (B).</summary>
    /// <exception cref="ArgumentException"><paramref name="multipliers"/> does not hold B values, or scale is not finite.</exception>
    public MlpBatchLoss(Mlp<double> model, double[] x, int[] y, int batch, double scale = 1.0, double[]? multipliers = null)
    {
        if (multipliers is not null && multipliers.Length != batch) throw new ArgumentException($"multipliers: one per row ({batch}), got {multipliers.Length}", nameof(multipliers));
        if (!double.IsFinite(scale)) throw new ArgumentException($"scale must be finite, got {scale}", nameof(scale));
        (_model, _x, _y, _batch, _scale, _multipliers) = (model, x, y, batch, scale, multipliers);
    }

    /// <inheritdoc/>
    public int Dimension => _model.Params.Length;

    /// <inheritdoc/>
    public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        theta.CopyTo(_model.Params);
        double loss = _model.Forward(_x, _y, _batch);
        _model.Backward(_scale, _multipliers, GradientWrite.Overwrite);
        _model.Grads.CopyTo(gradient);
        if (_multipliers is null) return _scale * loss;
        ReadOnlySpan<double> losses = _model.SampleLosses, weights = _model.SampleWeights;
        double data = 0;
        for (int i = 0; i < _batch; i++) data += _multipliers[i] * weights[i] * losses[i];
        return _scale * (data + _model.L2Term());
    }
}
