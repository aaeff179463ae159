namespace Stepwise.Training.Replay;

/// <summary>One occurrence of a training sample in an update (a row of <c>stepwise batches</c>).</summary>
/// <param name="Update">The update index t (0-based; it takes state t to t + 1).</param>
/// <param name="Epoch">The 0-based epoch of the update.</param>
/// <param name="Rank">The rank r (0..W−1) that read the row.</param>
/// <param name="Micro">The micro-batch m of the update on that rank (0..g−1).</param>
/// <param name="Sample">The train-split row.</param>
/// <param name="SourceRow">The row of the source file (or generated data) the sample is.</param>
/// <param name="Weight">The row's coefficient in the update's objective, w = 1/(W·g·n) for a tabular row (n rows in
/// the micro-batch), (1/(W·g))·nᵢ/N for a sequence: float32, exactly the value training used.</param>
/// <param name="LearningRate">The rate the update applied (float32, as the optimizer used it).</param>
public readonly record struct BatchRow(long Update, long Epoch, long Rank, int Micro, long Sample, long SourceRow, float Weight, float LearningRate);
