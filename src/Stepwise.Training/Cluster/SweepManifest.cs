using System.Text;
using System.Text.Json;

namespace Stepwise.Training.Cluster;

/// <summary>
/// <c>DIR/&lt;name&gt;.sweep.json</c>, written beside the script: the sweep's name, config, script and every task's folder
/// and overrides, so <c>stepwise runs DIR</c> can show what each run changed — and the runs not started yet.
/// </summary>
/// <param name="Name">The run name.</param>
/// <param name="ConfigPath">The config file.</param>
/// <param name="ScriptPath">The sbatch script.</param>
/// <param name="IsArray">Whether it is a job array.</param>
/// <param name="Tasks">The tasks.</param>
public sealed record SweepManifest(string Name, string ConfigPath, string? ScriptPath, bool IsArray, IReadOnlyList<SweepTask> Tasks)
{
    /// <summary>The format's name, the <c>format</c> field.</summary>
    public const string Format = "stepwise-sweep";

    /// <summary>The format version.</summary>
    public const int Version = 1;

    /// <summary>The name ending of manifests.</summary>
    public const string Suffix = ".sweep.json";

    /// <summary>The manifest's path for <paramref name="name"/> in <paramref name="directory"/>.</summary>
    public static string PathFor(string directory, string name) => Path.Combine(directory, name + Suffix);

    /// <summary>The manifest of <paramref name="job"/>.</summary>
    public static SweepManifest Of(SlurmJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new SweepManifest(job.Sweep.Name, job.ConfigPath, job.ScriptPath, job.Sweep.IsArray, job.Sweep.Tasks);
    }

    /// <summary>The JSON text (indented, LF).</summary>
    public string ToJson()
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteNumber("version", Version);
            w.WriteString("name", Name);
            w.WriteString("config", ConfigPath);
            if (ScriptPath is null) w.WriteNull("script");
            else w.WriteString("script", ScriptPath);
            w.WriteBoolean("array", IsArray);
            w.WriteStartArray("tasks");
            foreach (var t in Tasks)
            {
                w.WriteStartObject();
                w.WriteNumber("index", t.Index);
                w.WriteString("folder", t.Folder);
                w.WriteStartObject("overrides");
                foreach (var (k, v) in t.Overrides) w.WriteString(k, v);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()).ReplaceLineEndings("\n") + "\n";
    }

    /// <summary>Reads a manifest; throws <see cref="FormatException"/> with a one-line reason when it is not one.</summary>
    public static SweepManifest Read(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var r = doc.RootElement;
            if (r.GetProperty("format").GetString() != Format) throw new FormatException($"{path}: not a {Format} manifest");
            int version = r.GetProperty("version").GetInt32();
            if (version != Version) throw new FormatException($"{path}: manifest version {version}; this stepwise reads version {Version}");
            var tasks = r.GetProperty("tasks").EnumerateArray().Select(t => new SweepTask(
                t.GetProperty("index").GetInt32(),
                t.GetProperty("folder").GetString() ?? throw new FormatException($"{path}: a task without a folder"),
                t.GetProperty("overrides").EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, p.Value.GetString() ?? "")).ToList())).ToList();
            foreach (var t in tasks)
                if (t.Folder.Length == 0 || t.Folder.IndexOfAny(['/', '\\']) >= 0 || t.Folder is "." or "..") throw new FormatException($"{path}: task {t.Index}: '{t.Folder}' is not a folder name");
            var script = r.GetProperty("script");
            return new SweepManifest(r.GetProperty("name").GetString() ?? "", r.GetProperty("config").GetString() ?? "",
                script.ValueKind == JsonValueKind.String ? script.GetString() : null, r.GetProperty("array").GetBoolean(), tasks);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"{path}: not a {Format} manifest: {e.Message.ReplaceLineEndings(" ")}", e);
        }
    }
}
