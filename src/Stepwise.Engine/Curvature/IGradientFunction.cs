namespace Stepwise.Engine.Curvature;

/// <summary>A differentiable scalar function of a parameter vector, in float64: the loss of a model on a fixed batch.</summary>
public interface IGradientFunction
{
    /// <summary>Number of parameters.</summary>
    int Dimension { get; }

    /// <summary>Writes ∇f(θ) into <paramref name="gradient"/> and returns f(θ).</summary>
    double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient);
}
