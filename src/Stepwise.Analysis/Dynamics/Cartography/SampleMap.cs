namespace Stepwise.Analysis.Dynamics.Cartography;

/// <summary>One training row's place on the data map (Swayamdipta et al. 2020) and its forgetting events (Toneva et al.
/// 2019), from the records of every complete epoch.</summary>
/// <param name="Row">The train row.</param>
/// <param name="Confidence">μ̂: the mean over epochs of the epoch's p(true label) = exp(−ℓ) (for a sequence row, the
/// geometric mean of its targets' probabilities), averaged over the epoch's presentations.</param>
/// <param name="Variability">σ̂: the population standard deviation of those per-epoch values.</param>
/// <param name="Correctness">The mean over epochs of the epoch's share predicted right.</param>
/// <param name="Presentations">Times the row was read.</param>
/// <param name="ForgettingEvents">Correct → incorrect transitions between consecutive presentations (correct: share ≥ ½).</param>
/// <param name="NeverLearned">Never correct at any presentation (Toneva et al. rank these as the most forgettable).</param>
/// <param name="Region">easy, ambiguous or hard (<see cref="CartographySummary"/>'s thresholds).</param>
public sealed record SampleMap(long Row, double Confidence, double Variability, double Correctness, int Presentations, int ForgettingEvents, bool NeverLearned, string Region);
