using Stepwise.Engine.Models;

namespace Stepwise.Engine.Curvature;

/// <summary>
/// One micro-batch's term of an update's loss for a <see cref="TinyGpt{T}"/>, as a float64 function of the parameters
/// (dropout off): f(θ) = scale·Σᵢ mᵢ·wᵢ·ℓᵢ on fixed tokens and targets, with wᵢ = nᵢ/N and ℓᵢ sequence i's mean token
/// loss (the meaning of <see cref="TinyGpt{T}.Backward(T, ReadOnlySpan{T}, GradientWrite)"/>). Without multipliers and
/// scale 1 it is the batch's mean token loss.
/// </summary>
public sealed class TinyGptBatchLoss : IGradientFunction
{
    private readonly TinyGpt<double> _model;
    private readonly int[] _tokens, _targets;
    private readonly int _batch, _time;
    private readonly double _scale;
    private readonly double[]? _multipliers;

    /// <summary>Wraps a float64 model (parameters overwritten on each evaluation) and a batch of tokens and targets
    /// (B, T), with the term's <paramref name="scale"/> and optional per-sequence multipliers (B).</summary>
    /// <exception cref="ArgumentException"><paramref name="multipliers"/> does not hold B values, or scale is not finite.</exception>
    public TinyGptBatchLoss(TinyGpt<double> model, int[] tokens, int[] targets, int batch, int time, double scale = 1.0, double[]? multipliers = null)
    {
        if (multipliers is not null && multipliers.Length != batch) throw new ArgumentException($"multipliers: one per sequence ({batch}), got {multipliers.Length}", nameof(multipliers));
        if (!double.IsFinite(scale)) throw new ArgumentException($"scale must be finite, got {scale}", nameof(scale));
        (_model, _tokens, _targets, _batch, _time, _scale, _multipliers) = (model, tokens, targets, batch, time, scale, multipliers);
        _model.Training = false;
    }

    /// <inheritdoc/>
    public int Dimension => _model.Params.Length;

    /// <inheritdoc/>
    public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        theta.CopyTo(_model.Params);
        double loss = _model.Forward(_tokens, _targets, _batch, _time);
        _model.Backward(_scale, _multipliers, GradientWrite.Overwrite);
        _model.Grads.CopyTo(gradient);
        if (_multipliers is null) return _scale * loss;
        ReadOnlySpan<double> losses = _model.SampleLosses, weights = _model.SampleWeights;
        double data = 0;
        for (int i = 0; i < _batch; i++) data += _multipliers[i] * weights[i] * losses[i];
        return _scale * data;
    }
}
