namespace Stepwise.Analysis.Influence;

/// <summary>One row of an influence CSV (<see cref="InfluenceCsv"/>): a sample's score in a window.</summary>
/// <param name="Window">The window of updates.</param>
/// <param name="Sample">The train-split row j.</param>
/// <param name="Influence">I_j (nats of query loss).</param>
/// <param name="Rank">j's rank among the window's samples (1 = highest), or null when the window did not read it.</param>
/// <param name="InWindow">How many times the window's updates read j (0: not in the window).</param>
/// <param name="Noisy">Whether the noise flipped j's label; null without injected noise.</param>
public sealed record InfluenceCsvRow(StepWindow Window, long Sample, double Influence, long? Rank, int InWindow, bool? Noisy);
