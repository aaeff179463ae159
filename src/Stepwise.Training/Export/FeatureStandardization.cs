namespace Stepwise.Training.Export;

/// <summary>
/// The feature scaling a tabular model was trained with: feature j of a raw row x becomes
/// <c>(float)((x[j] − Mean[j]) / Scale[j])</c>, computed in double and rounded to the nearest float32, as training
/// does (the train split's mean and population standard deviation, 1 for a constant feature). Build it from
/// <see cref="Data.LoadedData.FeatureMean"/> and <see cref="Data.LoadedData.FeatureScale"/> when
/// <see cref="Data.LoadedData.Standardized"/>.
/// </summary>
/// <param name="Mean">Per-feature value subtracted (one per input feature).</param>
/// <param name="Scale">Per-feature divisor (one per input feature, each finite and non-zero).</param>
public sealed record FeatureStandardization(IReadOnlyList<double> Mean, IReadOnlyList<double> Scale);
