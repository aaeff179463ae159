namespace Stepwise.Analysis.Dynamics;

/// <summary>A training passage's memorization onset: the first scheduled epoch it is memorized by seed 002's rule
/// (<see cref="Onset"/>) and exactly reproduced by the fixed-length rule (<see cref="ExactOnset"/>); null: never.</summary>
public sealed record PassageOnset(int Index, long? Onset, long? ExactOnset);
