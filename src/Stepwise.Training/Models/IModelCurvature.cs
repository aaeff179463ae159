namespace Stepwise.Training.Models;

/// <summary>
/// The first and second derivatives of a trained model that time-windowed influence needs, at one state θ, on a private
/// copy of the model (training's buffers are never touched): per-row directional derivatives and Hessian-vector
/// products of one update's objective (its micro-batches with their gradient weights, <see cref="Loop.UpdateRecord"/>),
/// the model's L2 term, and the gradient of a split's mean data loss. Vectors are parameter-space, in the model's
/// <see cref="ITrainModel.Layout"/>, float64; a row's loss ℓ is its mean cross-entropy (docs/engine.md), no L2 term.
/// </summary>
/// <remarks>One update's products: <see cref="SetParameters(ReadOnlySpan{float})"/> (θ_t), <see cref="SetDirection"/>
/// (v), <see cref="MicroBatch"/> for each micro-batch (one forward pass gives its rows' dots and its share of H·v,
/// summed inside in the model's precision), then <see cref="AddHessianProduct"/> once. Nothing allocates once the
/// buffers fit the micro-batch.</remarks>
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

    /// <summary>Sets the direction v of the following <see cref="MicroBatch"/> calls and clears the Hessian product
    /// they accumulate.</summary>
    void SetDirection(ReadOnlySpan<double> v);

    /// <summary>One micro-batch of train rows at θ, sharing one forward pass: writes dots[i] = ⟨v, ∇ℓ(rows[i])⟩ and,
    /// with <paramref name="hessian"/>, adds Σᵢ weights[i]·∇²ℓ(rows[i])·v to the product <see cref="AddHessianProduct"/>
    /// delivers (data terms only).</summary>
    void MicroBatch(ReadOnlySpan<long> rows, ReadOnlySpan<float> weights, Span<double> dots, bool hessian);

    /// <summary>Adds the accumulated Σ H·v of the micro-batches since <see cref="SetDirection"/>, plus the L2 term's
    /// λ·v on the weights when <paramref name="regularizer"/>, to <paramref name="result"/>: the product is formed in the
    /// model's precision and each element widened to float64 and added (result[i] + (double)hv[i]), in one pass, so the
    /// influence recursion adds H·c to its adjoint without a separate float64 copy of the product.</summary>
    void AddHessianProduct(Span<double> result, bool regularizer);

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
