using System.Buffers;
using System.Text.Json;

namespace Stepwise.Training.Checkpoints;

/// <summary>Small helpers for the JSON files of a checkpoint (e.g. <c>trainer_state.json</c>): deterministic,
/// indented UTF-8 output, and parsing with a one-line error that names the file.</summary>
public static class CheckpointJson
{
    /// <summary>Runs <paramref name="write"/> against an indented <see cref="Utf8JsonWriter"/> and returns the UTF-8
    /// bytes with a trailing newline. Numbers are written in invariant form by <see cref="Utf8JsonWriter"/>.</summary>
    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            write(w);
        }
        return [.. buffer.WrittenSpan, (byte)'\n'];
    }

    /// <summary>Parses <paramref name="utf8"/> as JSON; dispose the result.</summary>
    /// <param name="utf8">The file's bytes.</param>
    /// <param name="fileName">The file's name, for the message.</param>
    /// <exception cref="CheckpointFormatException"><c>"&lt;fileName&gt; is not valid JSON: …"</c>.</exception>
    public static JsonDocument Parse(ReadOnlyMemory<byte> utf8, string fileName)
    {
        if (!System.Text.Unicode.Utf8.IsValid(utf8.Span)) throw new CheckpointFormatException($"{fileName} is not valid UTF-8");
        try
        {
            return JsonDocument.Parse(utf8);
        }
        catch (JsonException e)
        {
            throw new CheckpointFormatException($"{fileName} is not valid JSON: {e.Message}", e);
        }
    }
}
