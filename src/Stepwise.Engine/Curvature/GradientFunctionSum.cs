namespace Stepwise.Engine.Curvature;

/// <summary>
/// f(θ) = Σₖ fₖ(θ) + ½λ‖θ‖²: several gradient functions over the same parameters plus an optional coupled weight-decay
/// term, e.g. the loss of one whole update as the sum of its micro-batches' and ranks' terms (each
/// <see cref="MlpBatchLoss"/> or <see cref="TinyGptBatchLoss"/> with its scale), with λ the optimizer's coupled weight
/// decay (<see cref="Optim.Sgd{T}"/>'s g + λθ applies to every parameter, so the term covers all of θ).
/// </summary>
public sealed class GradientFunctionSum : IGradientFunction
{
    private readonly IGradientFunction[] _terms;
    private readonly double _weightDecay;
    private readonly double[] _termGradient;

    /// <summary>Sums <paramref name="terms"/> (at least one, all of the same dimension) and ½·<paramref name="weightDecay"/>·‖θ‖².</summary>
    /// <exception cref="ArgumentException">No terms, dimensions that differ, or a weight decay that is negative or not finite.</exception>
    public GradientFunctionSum(IReadOnlyList<IGradientFunction> terms, double weightDecay = 0.0)
    {
        ArgumentNullException.ThrowIfNull(terms);
        if (terms.Count == 0) throw new ArgumentException("needs at least one term", nameof(terms));
        int n = terms[0].Dimension;
        for (int k = 1; k < terms.Count; k++)
        {
            if (terms[k].Dimension != n) throw new ArgumentException($"term {k} has dimension {terms[k].Dimension}, term 0 has {n}", nameof(terms));
        }
        if (!double.IsFinite(weightDecay) || weightDecay < 0) throw new ArgumentException($"weight decay must be finite and ≥ 0, got {weightDecay}", nameof(weightDecay));
        _terms = [.. terms];
        _weightDecay = weightDecay;
        _termGradient = new double[n];
    }

    /// <inheritdoc/>
    public int Dimension => _termGradient.Length;

    /// <summary>Writes Σₖ ∇fₖ(θ) + λθ (terms added in order) and returns Σₖ fₖ(θ) + ½λ‖θ‖².</summary>
    public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        int n = Dimension;
        if (theta.Length != n || gradient.Length < n) throw new ArgumentException($"vectors must have {n} entries");
        double value = _terms[0].Evaluate(theta, gradient);
        for (int k = 1; k < _terms.Length; k++)
        {
            value += _terms[k].Evaluate(theta, _termGradient);
            for (int i = 0; i < n; i++) gradient[i] += _termGradient[i];
        }
        if (_weightDecay != 0)
        {
            double squares = 0;
            for (int i = 0; i < n; i++)
            {
                squares += theta[i] * theta[i];
                gradient[i] += _weightDecay * theta[i];
            }
            value += 0.5 * _weightDecay * squares;
        }
        return value;
    }
}
