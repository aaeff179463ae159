namespace Stepwise.Configuration;

/// <summary>The <c>influence</c> section of a plan: with <see cref="Record"/>, the run also checkpoints at the start of
/// every stage window and every <see cref="Segment"/> updates, and keeps those checkpoints out of retention, so that a
/// later time-windowed influence replay starts from a nearby state instead of step 0 (docs/influence.md).</summary>
/// <param name="Record">Add the recording checkpoints.</param>
/// <param name="Segment">Updates between recording checkpoints, or null for ⌈√(window length)⌉ (the window length being
/// the stage windows' length, or T without stages).</param>
public sealed record InfluenceConfig(bool Record = false, TimeValue? Segment = null);
