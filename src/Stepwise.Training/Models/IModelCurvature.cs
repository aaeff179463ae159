namespace Stepwise.Training.Models;

/// <summary>
/// The first and second derivatives of a trained model that time-windowed influence needs, at one state θ, on a private
/// copy of the model (training's buffers are never touched): per-row directional derivatives and Hessian-vector
/// products of one update's objective (its micro-batches with their gradient weights, <see cref="Loop.UpdateRecord"/>),
/// the model's L2 term, and the gradient of a split's mean data loss. Vectors are parameter-space, in the model's
/// <see cref="ITrainModel.Layout"/>, float64; a row's loss ℓ is its mean cross-entropy (docs/engine.md), no L2 term.
/// </summary>
public interface IModelCurvature
{
    /// <summary>Number of parameters.</summary>
    int Dimension { get; }

    /// <summary>The precision the products run in.</summary>
    CurvaturePrecision Precision { get; }

    /// <summary>Sets θ to the run's float32 parameters (a state of the run).</summary>
    void SetParameters(ReadOnlySpan<float> parameters);

    /// <summary>Sets θ to float64 parameters (rounded to float32 in <see cref="CurvaturePrecision.Float32"/>).</summary>
    void SetParameters(ReadOnlySpan<double> parameters);

    /// <summary>One micro-batch of train rows at θ, sharing one forward pass: writes dots[i] = ⟨v, ∇ℓ(rows[i])⟩ and,
    /// unless <paramref name="hv"/> is empty, adds Σᵢ weights[i]·∇²ℓ(rows[i])·v to it (data terms only; the L2 term is
    /// <see cref="AddRegularizer"/>, once per update). Allocates nothing once its buffers fit the micro-batch.</summary>
    void MicroBatch(ReadOnlySpan<long> rows, ReadOnlySpan<float> weights, ReadOnlySpan<double> v, Span<double> dots, Span<double> hv);

    /// <summary>Adds λ·v on the weights of the model's L2 term ½λ‖W‖² to <paramref name="result"/>: its Hessian times
    /// v, and its gradient when v = θ. Nothing for a model without an L2 term.</summary>
    void AddRegularizer(ReadOnlySpan<double> v, Span<double> result);

    /// <summary>Adds Σᵢ weights[i]·∇ℓ(rows[i]) at θ (train rows, data terms only) to <paramref name="gradient"/>;
    /// returns Σᵢ weights[i]·ℓ(rows[i]).</summary>
    double AddTrainGradient(ReadOnlySpan<long> rows, ReadOnlySpan<float> weights, Span<double> gradient);

    /// <summary>Writes the gradient of split <paramref name="split"/>'s mean data loss at θ (the mean over its rows of
    /// ℓ, no L2 term) into <paramref name="gradient"/>; returns that mean loss. Rows are taken in batches of
    /// <paramref name="batch"/> in order and summed in float64.</summary>
    /// <exception cref="RunInputException">The data has no such split.</exception>
    double SplitGradient(string split, int batch, Span<double> gradient);
}
