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

    /// <summary>Forward and backward on training rows <paramref name="rows"/>: adds <paramref name="scale"/> × the gradient
    /// of the micro-batch's mean loss to <see cref="Grads"/>; returns that mean loss.</summary>
    double TrainMicroBatch(ReadOnlySpan<long> rows, float scale);

    /// <summary>Evaluates split <paramref name="split"/> in batches of <paramref name="batch"/> rows.</summary>
    EvalMetrics Evaluate(string split, int batch);

    /// <summary>The split names this model can evaluate, train first.</summary>
    IReadOnlyList<string> Splits { get; }
}
