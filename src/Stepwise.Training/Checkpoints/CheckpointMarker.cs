using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Stepwise.Training.Checkpoints;

/// <summary>One file listed in the completion marker.</summary>
internal sealed record MarkerFile(string Name, long Size, string Sha256);

/// <summary>
/// The completion marker <c>checkpoint.complete.json</c>, written last into a checkpoint folder. It records the
/// step, the permanent flag and each file's size and SHA-256, and a SHA-256 of its own fields
/// (<c>marker_sha256</c>, over <see cref="CanonicalText"/>), so a flipped bit inside the marker is caught too.
/// </summary>
internal sealed record CheckpointMarker(long Step, bool Permanent, IReadOnlyList<MarkerFile> Files)
{
    public const string Format = "stepwise-checkpoint";
    public const int Version = 1;
    public const int MaxBytes = 1 << 20;

    /// <summary>The text <c>marker_sha256</c> hashes: one field per line, files in ordinal order.</summary>
    public string CanonicalText()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{Format}\n{Version}\n{Step}\n{(Permanent ? "true" : "false")}\n");
        foreach (var f in Files) sb.Append(CultureInfo.InvariantCulture, $"{f.Name}\n{f.Size}\n{f.Sha256}\n");
        return sb.ToString();
    }

    public string SelfHash() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalText())));

    public byte[] ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteNumber("format_version", Version);
            w.WriteNumber("step", Step);
            w.WriteBoolean("permanent", Permanent);
            w.WriteStartObject("files");
            foreach (var f in Files)
            {
                w.WriteStartObject(f.Name);
                w.WriteNumber("size", f.Size);
                w.WriteString("sha256", f.Sha256);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteString("marker_sha256", SelfHash());
            w.WriteEndObject();
        }
        return [.. buffer.WrittenSpan, (byte)'\n'];
    }

    /// <summary>Parses and checks a marker; throws <see cref="FormatException"/> with a one-line reason.</summary>
    public static CheckpointMarker Parse(byte[] json)
    {
        // JsonDocument checks UTF-8 inside strings only when they are read, so check it all first.
        if (!System.Text.Unicode.Utf8.IsValid(json)) throw new FormatException("not valid UTF-8");
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 }); }
        catch (JsonException e) { throw new FormatException("not valid JSON: " + CheckpointFormatException.OneLine(e.Message)); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new FormatException("not a JSON object");
            RejectDuplicates(root, "marker");
            if (String(root, "format") != Format) throw new FormatException($"format is not '{Format}'");
            long version = Long(root, "format_version");
            if (version != Version) throw new FormatException($"format version {version} is not supported (this build reads {Version})");
            long step = Long(root, "step");
            if (!root.TryGetProperty("permanent", out var p) || p.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                throw new FormatException("'permanent' missing or not a boolean");
            var files = ParseFiles(Property(root, "files", JsonValueKind.Object));
            var marker = new CheckpointMarker(step, p.GetBoolean(), files);
            if (String(root, "marker_sha256") != marker.SelfHash()) throw new FormatException("marker checksum mismatch");
            return marker;
        }
    }

    private static List<MarkerFile> ParseFiles(JsonElement filesElement)
    {
        RejectDuplicates(filesElement, "files");
        var files = new List<MarkerFile>();
        foreach (var f in filesElement.EnumerateObject())
        {
            if (f.Value.ValueKind != JsonValueKind.Object) throw new FormatException($"file '{f.Name}' is not an object");
            string sha = String(f.Value, "sha256");
            if (!IsLowerHex(sha, 64)) throw new FormatException($"file '{f.Name}' sha256 is not 64 lowercase hex digits");
            if (files.Count > 0 && string.CompareOrdinal(files[^1].Name, f.Name) >= 0)
                throw new FormatException("files are not in ordinal order");
            files.Add(new MarkerFile(f.Name, Long(f.Value, "size"), sha));
        }
        if (files.Count == 0) throw new FormatException("lists no files");
        return files;
    }

    private static void RejectDuplicates(JsonElement obj, string what)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in obj.EnumerateObject())
            if (!seen.Add(p.Name)) throw new FormatException($"{what} names '{p.Name}' twice");
    }

    private static JsonElement Property(JsonElement obj, string name, JsonValueKind kind) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == kind ? v : throw new FormatException($"'{name}' missing or not {kind.ToString().ToLowerInvariant()}");

    private static string String(JsonElement obj, string name) => Property(obj, name, JsonValueKind.String).GetString()!;

    private static long Long(JsonElement obj, string name) =>
        Property(obj, name, JsonValueKind.Number).TryGetInt64(out long v) && v >= 0 ? v : throw new FormatException($"'{name}' is not a non-negative integer");

    private static bool IsLowerHex(string s, int length) =>
        s.Length == length && s.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
}
