namespace Stepwise.Training.Models;

/// <summary>A trained model whose update objective has exact derivatives for influence (<see cref="IModelCurvature"/>):
/// the MLP and logistic regression (<see cref="TabularTrainModel"/>). TinyGpt does not implement it yet.</summary>
public interface ICurvatureModel
{
    /// <summary>A new evaluator on a private copy of the model, in <paramref name="precision"/>.</summary>
    IModelCurvature CreateCurvature(CurvaturePrecision precision);
}
