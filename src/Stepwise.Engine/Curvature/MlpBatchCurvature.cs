using Stepwise.Engine.Models;

namespace Stepwise.Engine.Curvature;

/// <summary>
/// The exact Hessian-vector product of <see cref="MlpBatchLoss"/>'s function f(θ) = scale·(Σᵢ mᵢ·wᵢ·ℓᵢ + ½λ‖W‖²) on a
/// fixed batch, in float64 by the R-operator (<see cref="Mlp{T}.CurvatureProduct"/>): no step size, no cancellation,
/// the same relative accuracy for ‖v‖ = 1e-4 as for ‖v‖ = 1. Also a gradient function (<see cref="Evaluate"/>), so
/// it can stand wherever an <see cref="MlpBatchLoss"/> does.
/// </summary>
public sealed class MlpBatchCurvature : IGradientFunction
{
    private readonly Mlp<double> _model;
    private readonly MlpBatchLoss _loss;
    private readonly double[] _x;
    private readonly int[] _y;
    private readonly int _batch;
    private readonly double _scale;
    private readonly double[] _coefficients;
    private readonly double[] _dots;

    /// <summary>Wraps a float64 model (its parameters are overwritten on each call) and a batch x (B, D), y (B), with the
    /// term's <paramref name="scale"/> and optional per-row multipliers (B), as <see cref="MlpBatchLoss"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="multipliers"/> does not hold B values, or scale is not finite.</exception>
    public MlpBatchCurvature(Mlp<double> model, double[] x, int[] y, int batch, double scale = 1.0, double[]? multipliers = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        _loss = new MlpBatchLoss(model, x, y, batch, scale, multipliers);
        (_model, _x, _y, _batch, _scale) = (model, x, y, batch, scale);
        _coefficients = new double[batch];
        for (int i = 0; i < batch; i++) _coefficients[i] = scale * (multipliers?[i] ?? 1.0) / batch;
        _dots = new double[batch];
    }

    /// <inheritdoc/>
    public int Dimension => _model.Params.Length;

    /// <inheritdoc/>
    public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient) => _loss.Evaluate(theta, gradient);

    /// <summary>Writes H(θ)·v into <paramref name="result"/> (the data terms' Hessian plus scale·λ on the weights).</summary>
    /// <exception cref="ArgumentException">A vector does not have <see cref="Dimension"/> entries.</exception>
    public void HessianVector(ReadOnlySpan<double> theta, ReadOnlySpan<double> v, Span<double> result)
    {
        int n = Dimension;
        if (theta.Length != n || v.Length != n || result.Length != n) throw new ArgumentException($"vectors must have {n} entries");
        theta.CopyTo(_model.Params);
        _model.Forward(_x, _y, _batch);
        _model.CurvatureProduct(v, _coefficients, _dots, result, GradientWrite.Overwrite);
        _model.AddL2Term(v, _scale, result);
    }

    /// <summary>⟨v, ∇ℓᵢ(θ)⟩ for each row i (its cross-entropy alone), from the same R-forward pass.</summary>
    public void DirectionalDerivatives(ReadOnlySpan<double> theta, ReadOnlySpan<double> v, Span<double> dots)
    {
        theta.CopyTo(_model.Params);
        _model.Forward(_x, _y, _batch);
        _model.CurvatureProduct(v, _coefficients, dots, Span<double>.Empty);
    }
}
