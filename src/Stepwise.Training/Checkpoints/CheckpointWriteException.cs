namespace Stepwise.Training.Checkpoints;

/// <summary>
/// A checkpoint could not be written (disk full, permission denied, I/O error). Thrown by
/// <see cref="CheckpointStore.Save"/> after it has removed its temporary folder (best effort); every earlier
/// checkpoint is intact. The message is <c>"cannot write checkpoint_step_N: &lt;path&gt;: &lt;cause&gt;"</c>.
/// </summary>
public sealed class CheckpointWriteException : Exception
{
    /// <summary>Creates the exception for <paramref name="step"/>, the path being written and the cause.</summary>
    public CheckpointWriteException(long step, string path, string cause, Exception? innerException = null)
        : base($"cannot write {CheckpointStore.FolderName(step)}: {path}: {CheckpointFormatException.OneLine(cause)}", innerException)
    {
        Step = step;
        Path = path;
    }

    /// <summary>Creates the exception with a message.</summary>
    public CheckpointWriteException(string message) : base(message) => Path = "";

    /// <summary>Creates the exception with a message and cause.</summary>
    public CheckpointWriteException(string message, Exception? innerException) : base(message, innerException) => Path = "";

    /// <summary>Creates the exception with a generic message.</summary>
    public CheckpointWriteException() : base("cannot write checkpoint") => Path = "";

    /// <summary>The step of the checkpoint being written (0 when unknown).</summary>
    public long Step { get; }

    /// <summary>The file or folder being written when the fault struck.</summary>
    public string Path { get; }
}
