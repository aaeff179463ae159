using Stepwise.Analysis.Dynamics.Statistics;

namespace Stepwise.Analysis.Dynamics;

/// <summary>Mean training-passage compression per scheduled epoch at one transition, and its quadratic fit against
/// <see cref="Axis"/>: "epoch" or "log_epoch" (ln E).</summary>
public sealed record TrajectoryFit(int Layer, CompressionScore Score, string Axis, IReadOnlyList<double> Means, QuadraticFit Fit);
