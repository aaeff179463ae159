namespace Stepwise.Training.Checkpoints;

/// <summary>A checkpoint folder of a run: <c>checkpoint_step_{Step}</c>.</summary>
/// <param name="Step">The step the checkpoint holds: the state after <c>Step</c> completed updates.</param>
/// <param name="Path">The full path of the folder.</param>
/// <param name="Permanent">Whether the marker says it is a permanent anchor (never removed by retention); false
/// when the marker is missing or unreadable.</param>
public sealed record CheckpointInfo(long Step, string Path, bool Permanent);
