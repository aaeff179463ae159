namespace Stepwise.Training.Models;

/// <summary>Evaluation of one split: mean cross-entropy over its rows (tokens, for sequences; data loss only, no L2
/// term) and the fraction predicted correctly, summed in row order in float64.</summary>
/// <param name="Split">The split's name.</param>
/// <param name="Loss">Mean loss.</param>
/// <param name="Accuracy">Fraction correct in [0, 1].</param>
/// <param name="Count">Rows (or counted tokens) evaluated.</param>
public sealed record EvalMetrics(string Split, double Loss, double Accuracy, long Count);
