namespace Stepwise.Analysis.Dynamics.Statistics;

/// <summary>A correlation coefficient with its two-sided p-value (Student t with n − 2 degrees of freedom).</summary>
/// <param name="R">The coefficient in [−1, 1], or null when undefined (fewer than 2 pairs, or a constant variable).</param>
/// <param name="PValue">Two-sided p in [0, 1], or null when R is null or n &lt; 3.</param>
/// <param name="N">Pairs used.</param>
public sealed record CorrelationTest(double? R, double? PValue, int N);
