using Stepwise.Engine.Models;

namespace Stepwise.Engine.Curvature;

/// <summary>The mean batch loss (plus the L2 term) of an <see cref="Mlp{T}"/> on a fixed batch, as a float64 function
/// of the parameters: a float64 copy of the model evaluates it, whatever precision the trained model has.</summary>
public sealed class MlpBatchLoss : IGradientFunction
{
    private readonly Mlp<double> _model;
    private readonly double[] _x;
    private readonly int[] _y;
    private readonly int _batch;

    /// <summary>Wraps a float64 model (its parameters are overwritten on each evaluation) and a batch x (B, D), y (B).</summary>
    public MlpBatchLoss(Mlp<double> model, double[] x, int[] y, int batch)
    {
        (_model, _x, _y, _batch) = (model, x, y, batch);
    }

    /// <inheritdoc/>
    public int Dimension => _model.Params.Length;

    /// <inheritdoc/>
    public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        theta.CopyTo(_model.Params);
        _model.ZeroGrad();
        double loss = _model.Forward(_x, _y, _batch);
        _model.Backward();
        _model.Grads.CopyTo(gradient);
        return loss;
    }
}
