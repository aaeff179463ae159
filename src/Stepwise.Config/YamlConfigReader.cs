using System.Text;
using Stepwise.Configuration;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Stepwise.Config;

/// <summary>
/// Reads YAML into the core's <see cref="ConfigNode"/> tree. Errors are one line with the file, line and column.
/// Plain <c>null</c>, <c>~</c> and empty values become null; quoted text never does. Duplicate keys are errors.
/// </summary>
public static class YamlConfigReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads a file; <paramref name="path"/> is also how the file is named in messages.</summary>
    public static ParseResult<ConfigNode> ReadFile(string path)
    {
        string text;
        try
        {
            if (Directory.Exists(path)) return ParseResult<ConfigNode>.Fail($"{path}: is a folder; expected a YAML config file");
            if (!File.Exists(path)) return ParseResult<ConfigNode>.Fail($"{path}: no such file");
            text = StrictUtf8.GetString(File.ReadAllBytes(path));
        }
        catch (DecoderFallbackException)
        {
            return ParseResult<ConfigNode>.Fail($"{path}: not valid UTF-8 text; save the config as UTF-8");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ParseResult<ConfigNode>.Fail($"{path}: cannot be read: {e.Message}");
        }
        return ReadText(text, path);
    }

    /// <summary>Reads YAML text; <paramref name="source"/> names it in messages.</summary>
    public static ParseResult<ConfigNode> ReadText(string text, string source)
    {
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        if (string.IsNullOrWhiteSpace(text) || text.Split('\n').All(l => l.TrimStart().Length == 0 || l.TrimStart().StartsWith('#')))
            return ParseResult<ConfigNode>.Fail($"{source}: the file is empty; expected a mapping with data, batch and duration sections (see docs/config.md)");
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            string inner = (e.InnerException?.Message ?? e.Message).Replace('\n', ' ').Replace('\r', ' ');
            string message = e.Message.Contains("Duplicate key", StringComparison.OrdinalIgnoreCase) || inner.Contains("same key", StringComparison.OrdinalIgnoreCase)
                ? "a key appears twice in the same mapping"
                : Trim(e.Message);
            return ParseResult<ConfigNode>.Fail($"{source}:{e.Start.Line}:{e.Start.Column}: invalid YAML: {message}");
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return ParseResult<ConfigNode>.Fail($"{source}: invalid YAML: {Trim(e.Message)}");
        }
        if (stream.Documents.Count == 0) return ParseResult<ConfigNode>.Fail($"{source}: the file is empty; expected a mapping with data, batch and duration sections");
        if (stream.Documents.Count > 1) return ParseResult<ConfigNode>.Fail($"{source}: holds {stream.Documents.Count} YAML documents; expected one");
        return Convert(stream.Documents[0].RootNode, source);
    }

    /// <summary>Parses a <c>--set</c> value as a YAML node (a scalar, <c>[a, b]</c> or <c>{k: v}</c>).</summary>
    public static ParseResult<ConfigNode> ReadValue(string text)
    {
        if (text.Trim().Length == 0) return ParseResult<ConfigNode>.Ok(ConfigScalar.Null);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            return ParseResult<ConfigNode>.Fail($"'{text}' is not a valid value: {Trim(e.Message)}");
        }
        return stream.Documents.Count == 1 ? Convert(stream.Documents[0].RootNode, "--set", positions: false) : ParseResult<ConfigNode>.Ok(new ConfigScalar(text, false));
    }

    private static ParseResult<ConfigNode> Convert(YamlNode node, string source, bool positions = true)
    {
        int line = positions ? (int)node.Start.Line : 0;
        int col = positions ? (int)node.Start.Column : 0;
        switch (node)
        {
            case YamlScalarNode s:
                string value = s.Value ?? "";
                bool isNull = s.Style == ScalarStyle.Plain && value is "" or "~" or "null" or "Null" or "NULL";
                return ParseResult<ConfigNode>.Ok(new ConfigScalar(isNull ? "null" : value, isNull, line, col));
            case YamlSequenceNode seq:
                var items = new List<ConfigNode>();
                foreach (var item in seq.Children)
                {
                    var converted = Convert(item, source, positions);
                    if (!converted.Success) return converted;
                    items.Add(converted.Value);
                }
                return ParseResult<ConfigNode>.Ok(new ConfigSequence(items, line, col));
            case YamlMappingNode map:
                var entries = new List<KeyValuePair<string, ConfigNode>>();
                foreach (var (k, v) in map.Children)
                {
                    if (k is not YamlScalarNode key)
                        return ParseResult<ConfigNode>.Fail($"{source}:{k.Start.Line}:{k.Start.Column}: a key must be a plain name, not {(k is YamlSequenceNode ? "a list" : "a mapping")}");
                    var converted = Convert(v, source, positions);
                    if (!converted.Success) return converted;
                    entries.Add(new(key.Value ?? "", converted.Value));
                }
                return ParseResult<ConfigNode>.Ok(new ConfigMapping(entries, line, col));
            default:
                return ParseResult<ConfigNode>.Fail($"{source}:{line}:{col}: aliases and anchors are not supported here");
        }
    }

    private static string Trim(string message)
    {
        message = message.Replace('\n', ' ').Replace('\r', ' ');
        int paren = message.IndexOf("): ", StringComparison.Ordinal);
        return paren >= 0 && message.StartsWith('(') ? message[(paren + 3)..] : message;
    }
}
