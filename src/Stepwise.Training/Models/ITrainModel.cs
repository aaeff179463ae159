using Stepwise.Engine.Models;
using Stepwise.Engine;
using Stepwise.Engine.Parameters;


namespace Stepwise.Training.Models;

/// <summary>
/// A float32 model bound to its training data, as the trainer drives it: the parameters and gradients are flat buffers
/// described by <see cref="Layout"/>; <see cref="TrainMicroBatch"/> accumulates one micro-batch's gradient.
/// </summary>
public interface ITrainModel
{
    /// <summary>Named views into <see cref="Params"/> and <see cref="Grads"/>.</summary>
    ParamLayout Layout { get; }

    /// <summary>All parameters (one flat buffer).</summary>
    float[] Params { get; }

    /// <summary>All gradients (same layout).</summary>
    float[] Grads { get; }

    /// <summary>The RNG state the model consumes while training (dropout), or null when it consumes none.</summary>
    ulong[]? RngState { get; set; }

    /// <summary>Initializes the parameters from <paramref name="rng"/>.</summary>
    void Initialize(Rng rng);

    /// <summary>Sets every gradient to zero.</summary>
    void ZeroGrad();

    /// <summary>
    /// Forward and backward on training rows <paramref name="rows"/>: adds <paramref name="scale"/> × the gradient of
    /// Σᵢ mᵢ·wᵢ·ℓᵢ (plus the model's L2 term) to <see cref="Grads"/>, where ℓᵢ is row i's mean loss over its counted
    /// targets, wᵢ its share of the micro-batch's counted targets (1/B for a tabular row) and mᵢ =
    /// <paramref name="multipliers"/>[i] (all 1 when empty; 0 drops a row while the denominators stay). Writes
    /// scale·mᵢ·wᵢ, each row's weight in the update's objective, into <paramref name="weights"/>; returns the
    /// micro-batch's objective Σᵢ mᵢ·wᵢ·ℓᵢ plus the L2 term (its mean loss when every mᵢ is 1).
    /// <see cref="GradientWrite.Overwrite"/> (an update's first micro-batch) replaces <see cref="Grads"/> instead of
    /// adding to it: bitwise the same as <see cref="ZeroGrad"/> then accumulating, without the pass over the buffer.
    /// </summary>
    /// <remarks>When <paramref name="rowLosses"/> and <paramref name="rowCorrect"/> are not empty, they receive each row's
    /// mean loss ℓᵢ and the share of its counted targets the training forward pass predicted right (argmax; 0 or 1 for a
    /// tabular row) — the training dynamics a hook records (dataset cartography).</remarks>
    double TrainMicroBatch(ReadOnlySpan<long> rows, float scale, ReadOnlySpan<float> multipliers, Span<float> weights, GradientWrite write,
        Span<float> rowLosses = default, Span<float> rowCorrect = default);

    /// <summary>The weights <see cref="TrainMicroBatch"/> reports for a micro-batch of <paramref name="rows"/> without
    /// multipliers, bitwise, without running the model: scale·wᵢ, wᵢ = row i's share of the micro-batch's counted
    /// targets (1/B for a tabular row, nᵢ/N for a sequence). <c>stepwise batches</c> lists them.</summary>
    void RowWeights(ReadOnlySpan<long> rows, float scale, Span<float> weights);

    /// <summary>Evaluates split <paramref name="split"/> in batches of <paramref name="batch"/> rows.</summary>
    /// <remarks><paramref name="progress"/> (rows done, rows) is called after every batch, or never when null.</remarks>
    EvalMetrics Evaluate(string split, int batch, Action<long, long>? progress = null);

    /// <summary>Rows in split <paramref name="split"/>.</summary>
    long Rows(string split);

    /// <summary>The split names this model can evaluate, train first.</summary>
    IReadOnlyList<string> Splits { get; }
}
