using Stepwise.Analysis.Dynamics.Statistics;

namespace Stepwise.Analysis.Dynamics;

/// <summary>Spearman's ρ between onset and the first scheduled epoch's compression at one transition: over the passages
/// that memorize (<see cref="MemorizedOnly"/>, seed 002's population) and over all training passages with "never"
/// ranked after every epoch, tied (<see cref="NeverLast"/>).</summary>
public sealed record OnsetCorrelation(int Layer, CompressionScore Score, CorrelationTest MemorizedOnly, CorrelationTest NeverLast);
