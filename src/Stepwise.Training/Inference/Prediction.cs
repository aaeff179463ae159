namespace Stepwise.Training.Inference;

/// <summary>One row's prediction: the file line, the predicted class (argmax), the class probabilities (softmax of the
/// logits, float64), and, when the file has a label column, the label and whether the prediction matches it.</summary>
public sealed record Prediction(int Line, int Class, IReadOnlyList<double> Probabilities, string? Label, bool? Correct);
