namespace Stepwise.Training.Checkpoints;

/// <summary>
/// A checkpoint or safetensors file is not what it must be (truncated, checksum mismatch, malformed header, …).
/// The message is one line that names the file and what is wrong, suitable for showing to a user as is.
/// </summary>
public sealed class CheckpointFormatException : Exception
{
    /// <summary>Creates the exception with a one-line <paramref name="message"/>.</summary>
    public CheckpointFormatException(string message) : base(OneLine(message)) { }

    /// <summary>Creates the exception with a one-line <paramref name="message"/> and the exception that caused it.</summary>
    public CheckpointFormatException(string message, Exception? innerException) : base(OneLine(message), innerException) { }

    /// <summary>Creates the exception with a generic message.</summary>
    public CheckpointFormatException() : base("invalid checkpoint data") { }

    internal static string OneLine(string? text) =>
        string.IsNullOrEmpty(text) ? "invalid checkpoint data" : text.ReplaceLineEndings(" ").Trim();
}
