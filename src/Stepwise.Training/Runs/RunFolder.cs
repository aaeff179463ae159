using System.Globalization;
using System.Text.Json;
using Stepwise.Training.Checkpoints;

namespace Stepwise.Training.Runs;

/// <summary>
/// A run folder read as typed values: its status (<c>run.json</c>), plan (<c>plan.json</c>), resolved config, metrics
/// rows as numbers, timing rows and checkpoints — what reports, <c>stepwise runs</c> and the analyses read. It takes no
/// lock and writes nothing; a row being written (a torn last line) is skipped, never misread.
/// </summary>
public sealed class RunFolder
{
    private RunFolder(string directory) => Directory = directory;

    /// <summary>The folder (full path).</summary>
    public string Directory { get; }

    /// <summary>The folder's name.</summary>
    public string Name => Path.GetFileName(Directory);

    /// <summary>run.json, or null when the folder has none.</summary>
    public RunStatusFile? Status => RunStatusFile.Read(Path.Combine(Directory, RunFiles.Run));

    /// <summary>plan.json as numbers, or null when the folder has none.</summary>
    public PlanSummary? Plan => File.Exists(Path.Combine(Directory, RunFiles.Plan)) ? PlanSummary.Parse(File.ReadAllText(Path.Combine(Directory, RunFiles.Plan))) : null;

    /// <summary>The resolved config (config.yaml), or null.</summary>
    public string? ConfigYaml => File.Exists(Path.Combine(Directory, RunFiles.Config)) ? File.ReadAllText(Path.Combine(Directory, RunFiles.Config)) : null;

    /// <summary>The checkpoint folders, valid or not, by step.</summary>
    public IReadOnlyList<CheckpointInfo> Checkpoints => new CheckpointStore(Directory).List();

    /// <summary>Opens <paramref name="directory"/>; throws <see cref="RunInputException"/> when it is not a run folder.</summary>
    public static RunFolder Open(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        string full = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(full)) throw new RunInputException($"{directory}: no such run folder");
        if (Describe(full) is null) throw new RunInputException($"{directory}: not a run folder (no run.json, plan.json, metrics.jsonl or checkpoint_step_N)");
        return new RunFolder(full);
    }

    /// <summary>What <paramref name="directory"/> holds of a run, in words ("a completed run at step 340 of 340 with 3
    /// checkpoints"), or null when it holds none of a run's files (a missing or empty folder, or unrelated files).</summary>
    public static string? Describe(string directory)
    {
        if (!System.IO.Directory.Exists(directory)) return null;
        var checkpoints = new CheckpointStore(directory).List();
        bool files = RunFiles.Known.Any(f => File.Exists(Path.Combine(directory, f))) || System.IO.Directory.Exists(Path.Combine(directory, RunFiles.TensorBoard));
        if (!files && checkpoints.Count == 0) return null;
        string ck = checkpoints.Count switch
        {
            0 => "no checkpoints",
            1 => $"1 checkpoint (step {checkpoints[0].Step.ToString(CultureInfo.InvariantCulture)})",
            _ => string.Create(CultureInfo.InvariantCulture, $"{checkpoints.Count} checkpoints (steps {checkpoints[0].Step}..{checkpoints[^1].Step})"),
        };
        RunStatusFile? status = null;
        try { status = RunStatusFile.Read(Path.Combine(directory, RunFiles.Run)); }
        catch (FormatException) { }
        string what = status is { } s
            ? string.Create(CultureInfo.InvariantCulture, $"a {RunStatusFile.Name(s.Status)} run at step {s.Step} of {s.TotalSteps}")
            : "a run's files";
        return $"{what}, {ck}";
    }

    /// <summary>Removes a run's files from <paramref name="directory"/> (the run files, <c>tb/</c>, checkpoints, their
    /// temporary and corrupt leftovers); other files stay. For <c>--overwrite</c>; the caller holds the folder's lock.</summary>
    public static void Clear(string directory)
    {
        foreach (string f in RunFiles.Known) File.Delete(Path.Combine(directory, f));
        string tb = Path.Combine(directory, RunFiles.TensorBoard);
        if (System.IO.Directory.Exists(tb)) System.IO.Directory.Delete(tb, recursive: true);
        foreach (string d in System.IO.Directory.EnumerateDirectories(directory))
        {
            string name = Path.GetFileName(d);
            if (name.StartsWith(CheckpointStore.FolderPrefix, StringComparison.Ordinal) || name.StartsWith(CheckpointStore.TempPrefix, StringComparison.Ordinal))
                System.IO.Directory.Delete(d, recursive: true);
        }
    }

    /// <summary>The rows of metrics.jsonl in file order (none when it is missing); a torn last line is skipped.</summary>
    public IEnumerable<MetricsRecord> Metrics() => Metrics(null);

    /// <summary>The rows of metrics.jsonl in file order (none when it is missing). With <paramref name="problems"/>, a
    /// line that cannot be read — not JSON, a torn last line, no whole-number <c>step</c> — is skipped and described
    /// there in one line naming the file and line number, so a reader of a damaged folder never throws; without it, a
    /// torn last line is skipped silently and any other bad line throws, as <see cref="Metrics()"/> does.</summary>
    public IEnumerable<MetricsRecord> Metrics(ICollection<string>? problems)
    {
        foreach (var (e, line) in JsonLines(Path.Combine(Directory, RunFiles.Metrics), RunFiles.Metrics, problems))
        {
            var values = new List<KeyValuePair<string, double?>>();
            long? step = null;
            double epoch = 0;
            bool bad = false;
            if (e.ValueKind != JsonValueKind.Object) bad = true;
            else
            {
                foreach (var p in e.EnumerateObject())
                {
                    if (p.Name == "step")
                    {
                        if (p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt64(out long s)) step = s;
                        else bad = true;
                    }
                    else if (p.Name == "epoch")
                    {
                        if (p.Value.ValueKind == JsonValueKind.Number) epoch = p.Value.GetDouble();
                        else bad = true;
                    }
                    else values.Add(new(p.Name, p.Value.ValueKind == JsonValueKind.Number ? p.Value.GetDouble() : null));
                }
            }
            if (bad || step is null)
            {
                if (problems is null) throw new FormatException($"{RunFiles.Metrics} line {line.ToString(CultureInfo.InvariantCulture)}: not a metrics row (an object with a whole-number step)");
                problems.Add($"{RunFiles.Metrics} line {line.ToString(CultureInfo.InvariantCulture)}: not a metrics row (an object with a whole-number step); skipped");
                continue;
            }
            yield return new MetricsRecord(step.Value, epoch, values);
        }
    }

    /// <summary>The rows of timing.jsonl in file order (none when it is missing).</summary>
    public IEnumerable<TimingRecord> Timing() => Timing(null);

    /// <summary>The rows of timing.jsonl in file order; with <paramref name="problems"/>, unreadable lines are skipped and
    /// described there (as for <see cref="Metrics(ICollection{string})"/>).</summary>
    public IEnumerable<TimingRecord> Timing(ICollection<string>? problems)
    {
        foreach (var (e, line) in JsonLines(Path.Combine(Directory, RunFiles.Timing), RunFiles.Timing, problems))
        {
            static double? D(JsonElement e, string n) => e.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
            TimingRecord record;
            try
            {
                record = new TimingRecord(e.GetProperty("event").GetString() ?? "", e.GetProperty("step").GetInt64(),
                    e.TryGetProperty("segment", out var seg) ? seg.GetInt32() : 0, D(e, "wall_s") ?? 0, D(e, "save_s"), D(e, "steps_per_s"));
            }
            catch (Exception x) when (problems is not null && x is KeyNotFoundException or InvalidOperationException or FormatException)
            {
                problems.Add($"{RunFiles.Timing} line {line.ToString(CultureInfo.InvariantCulture)}: not a timing row (event, step); skipped");
                continue;
            }
            yield return record;
        }
    }

    private static IEnumerable<(JsonElement Row, long Line)> JsonLines(string path, string name, ICollection<string>? problems)
    {
        if (!File.Exists(path)) yield break;
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        long number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Length == 0) continue;
            JsonElement element;
            try
            {
                using var doc = JsonDocument.Parse(line);
                element = doc.RootElement.Clone();
            }
            catch (JsonException) when (reader.EndOfStream)
            {
                problems?.Add($"{name} line {number.ToString(CultureInfo.InvariantCulture)} is incomplete (a row being written, or cut by a kill); skipped");
                yield break; // a row being written
            }
            catch (JsonException) when (problems is not null)
            {
                problems.Add($"{name} line {number.ToString(CultureInfo.InvariantCulture)}: not JSON; skipped");
                continue;
            }
            yield return (element, number);
        }
    }
}
