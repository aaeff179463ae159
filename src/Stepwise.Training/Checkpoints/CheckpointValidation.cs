namespace Stepwise.Training.Checkpoints;

/// <summary>The result of <see cref="CheckpointStore.Validate"/>: valid, or the one-line reason it is not.</summary>
/// <param name="IsValid">True when the marker is intact and every file it lists has the recorded size and SHA-256.</param>
/// <param name="Reason">Null when valid; otherwise one line naming the file and the fault, e.g.
/// <c>"model.safetensors checksum mismatch"</c>, <c>"marker missing (checkpoint.complete.json)"</c>,
/// <c>"trainer_state.json missing"</c>, <c>"model.safetensors has 123 bytes, marker says 456"</c>.</param>
public readonly record struct CheckpointValidation(bool IsValid, string? Reason)
{
    /// <summary>The valid result.</summary>
    public static CheckpointValidation Ok => new(true, null);

    /// <summary>An invalid result with <paramref name="reason"/>.</summary>
    public static CheckpointValidation Invalid(string reason) => new(false, reason);
}
