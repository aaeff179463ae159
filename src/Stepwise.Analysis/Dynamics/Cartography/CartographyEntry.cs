namespace Stepwise.Analysis.Dynamics.Cartography;

/// <summary>One record of the cartography log: update t read train row <paramref name="Row"/>, whose training forward
/// pass had loss <paramref name="Loss"/> (nats) and predicted the share <paramref name="Correct"/> of its targets right.</summary>
public readonly record struct CartographyEntry(long Update, long Row, float Loss, float Correct);
