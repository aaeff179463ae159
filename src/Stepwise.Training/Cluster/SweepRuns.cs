using Stepwise.Training.Runs;

namespace Stepwise.Training.Cluster;

/// <summary>
/// The runs of a sweep folder (what <c>stepwise slurm --out DIR</c> wrote and its jobs trained): every task of every
/// manifest <c>DIR/*.sweep.json</c> in index order, started or not, then every other run folder directly in DIR by
/// name (not checkpoint folders); or DIR itself when it is a run folder and holds no manifest. Reads only (no lock); a torn last line or a damaged file never stops it.
/// </summary>
public static class SweepRuns
{
    /// <summary>The runs of <paramref name="directory"/>; throws <see cref="RunInputException"/> when it is missing or
    /// holds neither a manifest nor a run folder. Damaged manifests are skipped and named in <paramref name="warn"/>.</summary>
    public static IReadOnlyList<SweepRun> Read(string directory, Action<string>? warn = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        string full = Path.GetFullPath(directory);
        if (!Directory.Exists(full)) throw new RunInputException($"{directory}: no such folder");
        var rows = new List<SweepRun>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string path in Directory.EnumerateFiles(full, "*" + SweepManifest.Suffix).Order(StringComparer.Ordinal))
        {
            SweepManifest manifest;
            try { manifest = SweepManifest.Read(path); }
            catch (FormatException e) { warn?.Invoke(e.Message); continue; }
            catch (IOException e) { warn?.Invoke($"{path}: {e.Message}"); continue; }
            foreach (var task in manifest.Tasks.OrderBy(t => t.Index))
            {
                string dir = Path.Combine(full, task.Folder);
                if (!seen.Add(dir)) continue;
                rows.Add(ReadRun(dir, manifest.Name, task.Index, task.Overrides));
            }
        }
        if (rows.Count == 0 && RunFolder.Describe(full) is not null) return [ReadRun(full, null, null, [])];
        foreach (string dir in Directory.EnumerateDirectories(full).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(dir);
            if (name.StartsWith(Checkpoints.CheckpointStore.FolderPrefix, StringComparison.Ordinal) || name.StartsWith(Checkpoints.CheckpointStore.TempPrefix, StringComparison.Ordinal)) continue;
            if (seen.Contains(dir) || RunFolder.Describe(dir) is null) continue;
            seen.Add(dir);
            rows.Add(ReadRun(dir, null, null, []));
        }
        if (rows.Count == 0)
        {
            throw new RunInputException($"{directory}: no runs (no {SweepManifest.Suffix} manifest from stepwise slurm and no run folder in it)");
        }
        return rows;
    }

    /// <summary>One run folder as a row (pending when it holds no run.json yet).</summary>
    public static SweepRun ReadRun(string directory, string? sweep, int? index, IReadOnlyList<KeyValuePair<string, string>> overrides)
    {
        string name = Path.GetFileName(directory);
        int? allocations = File.Exists(Path.Combine(directory, SlurmLog.FileName)) ? SlurmLog.CountAllocations(directory) : null;
        if (!Directory.Exists(directory) || RunFolder.Describe(directory) is null)
            return new SweepRun(name, directory, sweep, index, overrides, null, 0, null, null, null, null, allocations, null);
        var run = RunFolder.Open(directory);
        RunStatusFile? status = null;
        string? problem = null;
        try { status = run.Status; }
        catch (FormatException e) { problem = e.Message; }
        long? total = status?.TotalSteps;
        if (total is null)
        {
            try { total = run.Plan?.TotalSteps; }
            catch (FormatException e) { problem ??= e.Message; }
        }
        MetricsRecord? training = null, evaluation = null;
        try
        {
            foreach (var row in run.Metrics())
            {
                if (row.IsTraining) training = row;
                else evaluation = row;
            }
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            problem ??= $"metrics.jsonl: {e.Message.ReplaceLineEndings(" ")}";
        }
        long step = status?.Step ?? Math.Max(training?.Step ?? 0, evaluation?.Step ?? 0);
        return new SweepRun(name, directory, sweep, index, overrides, status?.Status, step, total, training, evaluation, status?.BestModelCheckpoint, allocations, problem);
    }
}
