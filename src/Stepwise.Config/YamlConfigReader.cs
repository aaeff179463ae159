using System.Globalization;
using System.Text;
using Stepwise.Configuration;
using YamlDotNet.Core;

namespace Stepwise.Config;

/// <summary>
/// Reads YAML into the core's <see cref="ConfigNode"/> tree. Errors are one line with the file and the 1-based line and
/// column a person sees in an editor (<c>cfg.yaml:3:1: invalid YAML: a tab in the indentation; …</c>). Plain
/// <c>null</c>, <c>~</c> and empty values become null; quoted text never does. Duplicate keys are errors. Aliases are
/// resolved. The <see cref="YamlLimits"/> (size, nesting depth, nodes after alias expansion) are enforced while reading,
/// so no input exhausts memory or the stack; nothing here throws for user input.
/// </summary>
public static class YamlConfigReader
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads a file of at most <see cref="YamlLimits.MaxBytes"/> bytes; <paramref name="path"/> is also how the
    /// file is named in messages.</summary>
    public static ParseResult<ConfigNode> ReadFile(string path)
    {
        string text;
        try
        {
            if (Directory.Exists(path)) return ParseResult<ConfigNode>.Fail($"{path}: is a folder; expected a YAML config file");
            if (!File.Exists(path)) return ParseResult<ConfigNode>.Fail($"{path}: no such file");
            var bytes = ReadCapped(path, YamlLimits.MaxBytes);
            if (bytes is null) return ParseResult<ConfigNode>.Fail(TooLarge(path, new FileInfo(path).Length));
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return ParseResult<ConfigNode>.Fail($"{path}: not valid UTF-8 text; save the config as UTF-8");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ParseResult<ConfigNode>.Fail($"{path}: cannot be read: {e.Message.ReplaceLineEndings(" ")}");
        }
        return ReadText(text, path);
    }

    /// <summary>Reads YAML text; <paramref name="source"/> names it in messages.</summary>
    public static ParseResult<ConfigNode> ReadText(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(source);
        if (text.Length > YamlLimits.MaxBytes) return ParseResult<ConfigNode>.Fail(TooLarge(source, Encoding.UTF8.GetByteCount(text)));
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        if (IsBlank(text))
            return ParseResult<ConfigNode>.Fail($"{source}: the file is empty; expected a mapping with data, batch and duration sections (see docs/config.md)");
        var parsed = Parse(text, source, positions: true);
        if (!parsed.TryGetValue(out var root)) return parsed;
        if (root is ConfigScalar { IsNull: true })
            return ParseResult<ConfigNode>.Fail($"{source}: the file is empty; expected a mapping with data, batch and duration sections");
        return parsed;
    }

    /// <summary>Parses a <c>--set</c> value as a YAML node (a scalar, <c>[a, b]</c> or <c>{k: v}</c>), under the same limits.</summary>
    public static ParseResult<ConfigNode> ReadValue(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Trim().Length == 0) return ParseResult<ConfigNode>.Ok(ConfigScalar.Null);
        if (text.Length > YamlLimits.MaxBytes) return ParseResult<ConfigNode>.Fail(TooLarge("the value", Encoding.UTF8.GetByteCount(text)));
        var parsed = Parse(text, "--set", positions: false);
        if (parsed.Success) return parsed;
        string why = parsed.Error!;
        int cut = why.IndexOf("invalid YAML: ", StringComparison.Ordinal);
        return ParseResult<ConfigNode>.Fail($"'{Clip(text)}' is not a valid value: {(cut >= 0 ? why[(cut + "invalid YAML: ".Length)..] : why)}");
    }

    private static ParseResult<ConfigNode> Parse(string text, string source, bool positions)
    {
        var builder = new YamlTreeBuilder(source, positions);
        try
        {
            return builder.Build(new Parser(new StringReader(text)));
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // YamlException is the parser's own report; the others are YamlDotNet failing on malformed input (an
            // unclosed flow mapping across lines throws InvalidOperationException): never a crash, one line.
            var (line, column, message) = YamlErrorLocator.Locate(e, text, builder);
            return ParseResult<ConfigNode>.Fail(positions
                ? string.Create(Inv, $"{source}:{line}:{column}: invalid YAML: {message}")
                : $"{source}: invalid YAML: {message}");
        }
    }

    /// <summary>The file's bytes, or null when it holds more than <paramref name="max"/> (read no further than that, so
    /// a huge or endless file such as a device costs nothing).</summary>
    private static byte[]? ReadCapped(string path, long max)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        if (stream.CanSeek && stream.Length > max) return null;
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + n > max) return null;
            buffer.Write(chunk, 0, n);
        }
        return buffer.ToArray();
    }

    private static string TooLarge(string source, long bytes) => string.Create(Inv,
        $"{source}: {(bytes > YamlLimits.MaxBytes ? $"{bytes:N0} bytes" : "more bytes than allowed")}, over the limit of {YamlLimits.MaxBytes:N0} bytes (4 MiB) for a config; a config is a few kilobytes (limits: docs/config.md)");

    private static bool IsBlank(string text)
    {
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            var t = line.TrimStart();
            if (t.Length > 0 && t[0] != '#') return false;
        }
        return true;
    }

    private static string Clip(string s)
    {
        s = s.ReplaceLineEndings("\\n");
        return s.Length <= 60 ? s : string.Concat(s.AsSpan(0, 57), "...");
    }
}
