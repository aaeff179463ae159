using System.Globalization;
using System.Text;

namespace Stepwise.Training.Data;

/// <summary>Reads a user's text file as strict UTF-8 (a BOM is dropped), with one-line errors naming the file.</summary>
internal static class StrictText
{
    private static readonly UTF8Encoding Strict = new(false, true);

    /// <summary>The resolved path: <paramref name="path"/> itself when rooted, else under <paramref name="baseDirectory"/>.</summary>
    public static string Resolve(string path, string baseDirectory) =>
        System.IO.Path.IsPathRooted(path) ? path : System.IO.Path.GetFullPath(System.IO.Path.Combine(baseDirectory, path));

    /// <summary>The file's text, CRLF and lone CR line ends turned into LF; at most <paramref name="maxBytes"/> bytes
    /// are read (a larger or endless file is refused without reading further).</summary>
    /// <param name="shown">The path as the user wrote it, for messages.</param>
    /// <param name="resolved">The path to open.</param>
    /// <param name="what">What the file should hold, for the "not found" hint (e.g. "a CSV file with a header row").</param>
    /// <param name="maxBytes">The size limit, in bytes.</param>
    public static ParseResult<string> Read(string shown, string resolved, string what, long maxBytes)
    {
        byte[]? bytes;
        try
        {
            if (Directory.Exists(resolved)) return ParseResult<string>.Fail($"data.path = {shown}: is a folder ({resolved}); give {what}");
            if (!File.Exists(resolved)) return ParseResult<string>.Fail($"data.path = {shown}: file not found (looked for {resolved}); give {what}");
            bytes = ReadCapped(resolved, maxBytes, out long length);
            if (bytes is null)
            {
                return ParseResult<string>.Fail(string.Create(CultureInfo.InvariantCulture,
                    $"{shown}: {(length > maxBytes ? $"{length:N0} bytes" : "more bytes than allowed")}, over the limit of {maxBytes:N0} bytes ({maxBytes >> 20} MiB) for {what} (limits: docs/data.md)"));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return ParseResult<string>.Fail($"data.path = {shown}: cannot read {resolved} ({e.GetType().Name}: {OneLine(e.Message)}); give a readable file holding {what}");
        }
        int start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        string text;
        try
        {
            text = Strict.GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException)
        {
            return ParseResult<string>.Fail(InvalidUtf8Message(shown, bytes));
        }
        return ParseResult<string>.Ok(text.Contains('\r', StringComparison.Ordinal) ? text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n') : text);
    }

    /// <summary>"t.csv line 3: invalid UTF-8 at byte 18 (0xFF); …" for the first invalid byte of <paramref name="bytes"/>.</summary>
    public static string InvalidUtf8Message(string shown, byte[] bytes)
    {
        int start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        int offset = FirstInvalid(bytes, start);
        int line = 1;
        for (int i = 0; i < offset; i++) if (bytes[i] == (byte)'\n') line++;
        return string.Create(CultureInfo.InvariantCulture,
            $"{shown} line {line}: invalid UTF-8 at byte {offset} (0x{bytes[offset]:X2}); the file must be UTF-8 text (re-save it as UTF-8)");
    }

    /// <summary>The file's bytes, or null (with its length when known) when it holds more than <paramref name="max"/>.</summary>
    private static byte[]? ReadCapped(string path, long max, out long length)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        length = stream.CanSeek ? stream.Length : -1;
        if (length > max) return null;
        var buffer = new MemoryStream();
        var chunk = new byte[1 << 16];
        int n;
        while ((n = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + n > max) return null;
            buffer.Write(chunk, 0, n);
        }
        return buffer.ToArray();
    }

    private static int FirstInvalid(byte[] bytes, int start)
    {
        var span = bytes.AsSpan(start);
        int at = 0;
        while (at < span.Length)
        {
            if (Rune.DecodeFromUtf8(span[at..], out _, out int consumed) != System.Buffers.OperationStatus.Done) return start + at;
            at += consumed;
        }
        return bytes.Length - 1;
    }

    private static string OneLine(string s) => s.ReplaceLineEndings(" ");
}
