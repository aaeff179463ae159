namespace Stepwise.Analysis.Dynamics;

/// <summary>Per transition, the rate of change of mean training-passage compression between scheduled epochs:
/// first differences (C₍ᵢ₊₁₎ − Cᵢ)/(e₍ᵢ₊₁₎ − eᵢ) and second differences (v₍ᵢ₊₁₎ − vᵢ)/((e₍ᵢ₊₂₎ − eᵢ)/2).</summary>
public sealed record Velocity(int Layer, CompressionScore Score, IReadOnlyList<double> First, IReadOnlyList<double> Second);
