namespace Stepwise.Analysis.Dynamics;

/// <summary>At one scheduled epoch, the transition whose trained-vs-novel correlation has the largest |r|.</summary>
public sealed record BestLayer(long Epoch, CompressionScore Score, int? Layer, double? R, double? PValue, double? QValue);
