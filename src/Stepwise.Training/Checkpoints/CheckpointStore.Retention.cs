namespace Stepwise.Training.Checkpoints;

public sealed partial class CheckpointStore
{
    private const string ReplacedSuffix = ".replaced";
    private const string DeletingSuffix = ".deleting";

    /// <summary>
    /// Deletes the valid checkpoints that <paramref name="policy"/> does not keep (see <see cref="RetentionPolicy"/>):
    /// the newest valid one, permanent ones, the best <c>KeepBest</c> by metric and the newest <c>KeepLast</c> are kept;
    /// corrupt folders are not counted and never deleted. Each deletion first renames the folder to a
    /// <c>.tmp-…​.deleting</c> name, so a kill mid-delete never leaves a half-deleted <c>checkpoint_step_N</c>.
    /// </summary>
    /// <param name="policy">What to keep.</param>
    /// <param name="metricByStep">The metric per step, needed when <c>KeepBest</c> &gt; 0; steps without a value (or NaN)
    /// are not candidates for best.</param>
    /// <returns>The deleted steps, ascending. A deletion that fails is reported through <see cref="Warn"/> and skipped.</returns>
    /// <exception cref="ArgumentException">Negative counts, or <c>KeepBest</c> &gt; 0 without <paramref name="metricByStep"/>.</exception>
    public IReadOnlyList<long> ApplyRetention(RetentionPolicy policy, IReadOnlyDictionary<long, double>? metricByStep = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.KeepLast < 0) throw new ArgumentException($"KeepLast is {policy.KeepLast}; it must be ≥ 0 (or null to keep all)", nameof(policy));
        if (policy.KeepBest < 0) throw new ArgumentException($"KeepBest is {policy.KeepBest}; it must be ≥ 0", nameof(policy));
        long keepBest = policy.KeepBest ?? 0;
        if (keepBest > 0 && metricByStep is null)
            throw new ArgumentException($"KeepBest {keepBest} needs the metric '{policy.BestMetric}' per step", nameof(metricByStep));

        var valid = List().Where(c => ValidateFolder(c.Path, c.Step).IsValid).ToList();
        if (valid.Count == 0) return [];
        var keep = new HashSet<long> { valid[^1].Step };
        foreach (var c in valid.Where(c => c.Permanent)) keep.Add(c.Step);
        if (keepBest > 0)
        {
            var candidates = valid.Where(c => metricByStep!.TryGetValue(c.Step, out double m) && !double.IsNaN(m));
            var ranked = policy.GreaterIsBetter
                ? candidates.OrderByDescending(c => metricByStep![c.Step]).ThenBy(c => c.Step)
                : candidates.OrderBy(c => metricByStep![c.Step]).ThenBy(c => c.Step);
            foreach (var c in ranked.Take(Clamp(keepBest))) keep.Add(c.Step);
        }
        var recent = policy.KeepLast is long last ? valid.AsEnumerable().Reverse().Take(Clamp(last)) : valid;
        foreach (var c in recent) keep.Add(c.Step);

        var deleted = new List<long>();
        foreach (var c in valid.Where(c => !keep.Contains(c.Step)))
            if (TryDelete(c)) deleted.Add(c.Step);
        return deleted;
    }

    /// <summary>
    /// Removes the <c>.tmp-*</c> entries a killed process left in the run folder (call at start-up, before any
    /// <see cref="Save"/>; never while another process saves into the same folder). One exception: a valid
    /// <c>.tmp-checkpoint_step_N-….replaced</c> folder whose <c>checkpoint_step_N</c> is missing (a kill between the
    /// two renames of a replacement) is renamed back to <c>checkpoint_step_N</c>.
    /// </summary>
    /// <returns>The names removed or restored, for logging.</returns>
    public IReadOnlyList<string> CleanTemporaries()
    {
        if (!Directory.Exists(RunDirectory)) return [];
        var handled = new List<string>();
        foreach (string entry in Directory.EnumerateFileSystemEntries(RunDirectory, TempPrefix + "*").Order(StringComparer.Ordinal).ToList())
        {
            string name = Path.GetFileName(entry);
            if (!name.StartsWith(TempPrefix, StringComparison.Ordinal)) continue;
            if (name.EndsWith(ReplacedSuffix, StringComparison.Ordinal) && TryRestore(entry, name))
            {
                handled.Add(name);
                continue;
            }
            DeleteBestEffort(entry);
            if (!Directory.Exists(entry) && !File.Exists(entry)) handled.Add(name);
        }
        return handled;
    }

    private bool TryRestore(string entry, string name)
    {
        // ".tmp-checkpoint_step_N-<random>.replaced"
        string inner = name[TempPrefix.Length..^ReplacedSuffix.Length];
        int dash = inner.LastIndexOf('-');
        if (dash < 0 || !TryParseFolderName(inner[..dash], out long step)) return false;
        string target = PathOf(step);
        if (Directory.Exists(target) || File.Exists(target) || !ValidateFolder(entry, step).IsValid) return false;
        try
        {
            Directory.Move(entry, target);
            DirectorySync.Sync(RunDirectory);
            Warn?.Invoke($"restored {FolderName(step)} from {name} (a replacement was interrupted)");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Warn?.Invoke($"cannot restore {FolderName(step)} from {name}: {CheckpointFormatException.OneLine(e.Message)}");
            return false;
        }
    }

    private bool TryDelete(CheckpointInfo c)
    {
        string doomed = Path.Combine(RunDirectory, $"{TempPrefix}{FolderName(c.Step)}-{RandomSuffix()}{DeletingSuffix}");
        try
        {
            Directory.Move(c.Path, doomed);
            DirectorySync.Sync(RunDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Warn?.Invoke($"cannot delete {FolderName(c.Step)}: {CheckpointFormatException.OneLine(e.Message)}");
            return false;
        }
        DeleteBestEffort(doomed);
        return true;
    }

    private static int Clamp(long n) => n > int.MaxValue ? int.MaxValue : (int)n;
}
