using Stepwise.Engine.Models;

namespace Stepwise.Engine.Curvature;

/// <summary>The mean token loss of a <see cref="TinyGpt{T}"/> on a fixed batch, as a float64 function of the parameters
/// (dropout off).</summary>
public sealed class TinyGptBatchLoss : IGradientFunction
{
    private readonly TinyGpt<double> _model;
    private readonly int[] _tokens, _targets;
    private readonly int _batch, _time;

    /// <summary>Wraps a float64 model (parameters overwritten on each evaluation) and a batch of tokens and targets (B, T).</summary>
    public TinyGptBatchLoss(TinyGpt<double> model, int[] tokens, int[] targets, int batch, int time)
    {
        (_model, _tokens, _targets, _batch, _time) = (model, tokens, targets, batch, time);
        _model.Training = false;
    }

    /// <inheritdoc/>
    public int Dimension => _model.Params.Length;

    /// <inheritdoc/>
    public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        theta.CopyTo(_model.Params);
        _model.ZeroGrad();
        double loss = _model.Forward(_tokens, _targets, _batch, _time);
        _model.Backward();
        _model.Grads.CopyTo(gradient);
        return loss;
    }
}
