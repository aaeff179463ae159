namespace Stepwise.Training.Checkpoints;

/// <summary>One file of a checkpoint, given to <see cref="CheckpointStore.Save"/>.</summary>
/// <param name="Name">The file name inside the checkpoint folder, e.g. <c>"model.safetensors"</c>,
/// <c>"optimizer.safetensors"</c> or <c>"trainer_state.json"</c>: a plain name (no folder separators, not
/// starting with '.', not the marker name <see cref="CheckpointStore.MarkerFileName"/>).</param>
/// <param name="Content">The exact bytes to store.</param>
public sealed record CheckpointFile(string Name, ReadOnlyMemory<byte> Content);
