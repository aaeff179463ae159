using System.Globalization;
using System.Security.Cryptography;

namespace Stepwise.Training.Checkpoints;

/// <summary>
/// The checkpoints of one run folder: <c>checkpoint_step_{N}</c> folders (N not padded) directly inside it, each
/// holding the files given to <see cref="Save"/> and the completion marker <see cref="MarkerFileName"/> (format
/// version, step, permanent flag, per-file size and SHA-256). A folder whose marker is missing or does not match its
/// files is never loaded. Saves are atomic (temporary folder, fsync, rename); see <c>docs/checkpoints.md</c>.
/// </summary>
/// <remarks>Not thread-safe: one process, one writer per run folder. Validation reads every file in full
/// (SHA-256), so it costs about one read of the checkpoint.</remarks>
public sealed partial class CheckpointStore
{
    /// <summary>The completion marker's file name, written last.</summary>
    public const string MarkerFileName = "checkpoint.complete.json";

    /// <summary>The prefix of checkpoint folder names.</summary>
    public const string FolderPrefix = "checkpoint_step_";

    /// <summary>The prefix of temporary folders (removed by <see cref="CleanTemporaries"/>).</summary>
    public const string TempPrefix = ".tmp-";

    private readonly ICheckpointFaults? _faults;

    /// <summary>A store over <paramref name="runDirectory"/> (created by the first <see cref="Save"/> if missing).</summary>
    /// <param name="runDirectory">The run folder.</param>
    /// <param name="faults">Test hooks; null in production.</param>
    public CheckpointStore(string runDirectory, ICheckpointFaults? faults = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(runDirectory);
        RunDirectory = Path.GetFullPath(runDirectory);
        _faults = faults;
    }

    /// <summary>The run folder (full path).</summary>
    public string RunDirectory { get; }

    /// <summary>Receives one-line warnings the store emits on its own (a corrupt folder moved aside, a deletion that
    /// failed, a stale temporary folder restored); null drops them.</summary>
    public Action<string>? Warn { get; init; }

    /// <summary>The folder name of the checkpoint at <paramref name="step"/>: <c>checkpoint_step_{step}</c>, not padded.</summary>
    public static string FolderName(long step) => string.Create(CultureInfo.InvariantCulture, $"{FolderPrefix}{step}");

    /// <summary>Parses <c>checkpoint_step_{N}</c> (N ≥ 0, decimal, no sign, no leading zeros); false for anything else.</summary>
    public static bool TryParseFolderName(string name, out long step)
    {
        step = -1;
        if (name is null || !name.StartsWith(FolderPrefix, StringComparison.Ordinal)) return false;
        var digits = name.AsSpan(FolderPrefix.Length);
        if (digits.Length == 0 || (digits.Length > 1 && digits[0] == '0')) return false;
        foreach (char c in digits) if (c is < '0' or > '9') return false;
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out step);
    }

    /// <summary>The full path of the checkpoint folder for <paramref name="step"/>.</summary>
    public string PathOf(long step) => Path.Combine(RunDirectory, FolderName(step));

    /// <summary>All <c>checkpoint_step_N</c> folders, valid or not, by step ascending; ignores <c>.tmp-*</c>,
    /// <c>*.corrupt-K</c> and every other name. <see cref="CheckpointInfo.Permanent"/> comes from the marker.</summary>
    public IReadOnlyList<CheckpointInfo> List()
    {
        if (!Directory.Exists(RunDirectory)) return [];
        var result = new List<CheckpointInfo>();
        foreach (string dir in Directory.EnumerateDirectories(RunDirectory))
        {
            if (!TryParseFolderName(Path.GetFileName(dir), out long step)) continue;
            bool permanent = TryReadMarker(dir, out var marker, out _) && marker!.Permanent;
            result.Add(new CheckpointInfo(step, dir, permanent));
        }
        result.Sort((a, b) => a.Step.CompareTo(b.Step));
        return result;
    }

    /// <summary>Checks a checkpoint folder: its name is <c>checkpoint_step_N</c>, its marker is intact and says step N,
    /// and every file it lists exists with the recorded size and SHA-256. Extra files are ignored.</summary>
    public CheckpointValidation Validate(string checkpointPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(checkpointPath);
        string full = Path.GetFullPath(checkpointPath);
        if (!TryParseFolderName(Path.GetFileName(Path.TrimEndingDirectorySeparator(full)), out long step))
            return CheckpointValidation.Invalid($"'{Path.GetFileName(full)}' is not a checkpoint_step_N folder name");
        return ValidateFolder(full, step);
    }

    /// <summary>The newest valid checkpoint, or null. Each newer folder that is not valid gets one warning:
    /// <c>"checkpoint_step_N is corrupt: &lt;reason&gt;; falling back to checkpoint_step_M"</c> (or
    /// <c>"…; no valid checkpoint to fall back to"</c>).</summary>
    public CheckpointInfo? FindNewestValid(Action<string> warn)
    {
        ArgumentNullException.ThrowIfNull(warn);
        var skipped = new List<(CheckpointInfo Info, string Reason)>();
        CheckpointInfo? found = null;
        var all = List();
        for (int i = all.Count - 1; i >= 0 && found is null; i--)
        {
            var v = ValidateFolder(all[i].Path, all[i].Step);
            if (v.IsValid) found = all[i];
            else skipped.Add((all[i], v.Reason!));
        }
        string tail = found is null ? "no valid checkpoint to fall back to" : $"falling back to {FolderName(found.Step)}";
        foreach (var (info, reason) in skipped) warn($"{FolderName(info.Step)} is corrupt: {reason}; {tail}");
        return found;
    }

    /// <summary>The checkpoint at <paramref name="step"/> when it exists and is valid; null otherwise, with the warning
    /// <c>"checkpoint_step_N is corrupt: &lt;reason&gt;"</c> when it exists but is not valid.</summary>
    public CheckpointInfo? FindValid(long step, Action<string> warn)
    {
        ArgumentNullException.ThrowIfNull(warn);
        string path = PathOf(step);
        if (!Directory.Exists(path)) return null;
        var v = ValidateFolder(path, step);
        if (!v.IsValid)
        {
            warn($"{FolderName(step)} is corrupt: {v.Reason}");
            return null;
        }
        return new CheckpointInfo(step, path, TryReadMarker(path, out var m, out _) && m!.Permanent);
    }

    /// <summary>Reads every file the marker lists, checking size and SHA-256 of the bytes read.</summary>
    /// <returns>File name → content (the marker itself is not included).</returns>
    /// <exception cref="CheckpointFormatException">The checkpoint is not valid: <c>"checkpoint_step_N is corrupt: &lt;reason&gt;"</c>.</exception>
    public IReadOnlyDictionary<string, byte[]> Load(CheckpointInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        string prefix = $"{FolderName(info.Step)} is corrupt: ";
        if (!TryReadMarker(info.Path, out var marker, out string? reason)) throw new CheckpointFormatException(prefix + reason);
        if (marker!.Step != info.Step) throw new CheckpointFormatException(prefix + StepMismatch(marker.Step, info.Step));
        var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var f in marker.Files)
        {
            byte[] bytes;
            try { bytes = File.ReadAllBytes(Path.Combine(info.Path, f.Name)); }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { throw new CheckpointFormatException(prefix + $"{f.Name} missing", e); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new CheckpointFormatException(prefix + $"{f.Name} unreadable: {e.Message}", e); }
            if (bytes.LongLength != f.Size) throw new CheckpointFormatException(prefix + SizeMismatch(f, bytes.LongLength));
            if (Sha256Hex(bytes) != f.Sha256) throw new CheckpointFormatException(prefix + $"{f.Name} checksum mismatch");
            result.Add(f.Name, bytes);
        }
        return result;
    }

    internal CheckpointValidation ValidateFolder(string path, long step)
    {
        if (!Directory.Exists(path)) return CheckpointValidation.Invalid("folder missing");
        if (!TryReadMarker(path, out var marker, out string? reason)) return CheckpointValidation.Invalid(reason!);
        if (marker!.Step != step) return CheckpointValidation.Invalid(StepMismatch(marker.Step, step));
        foreach (var f in marker.Files)
        {
            string file = Path.Combine(path, f.Name);
            try
            {
                using var fs = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
                if (fs.Length != f.Size) return CheckpointValidation.Invalid(SizeMismatch(f, fs.Length));
                if (Convert.ToHexStringLower(SHA256.HashData(fs)) != f.Sha256) return CheckpointValidation.Invalid($"{f.Name} checksum mismatch");
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { return CheckpointValidation.Invalid($"{f.Name} missing"); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return CheckpointValidation.Invalid($"{f.Name} unreadable: {CheckpointFormatException.OneLine(e.Message)}"); }
        }
        return CheckpointValidation.Ok;
    }

    private static bool TryReadMarker(string folder, out CheckpointMarker? marker, out string? reason)
    {
        marker = null;
        string path = Path.Combine(folder, MarkerFileName);
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) { reason = $"marker missing ({MarkerFileName})"; return false; }
            if (info.Length > CheckpointMarker.MaxBytes) { reason = $"marker invalid ({MarkerFileName}): {info.Length} bytes is too large"; return false; }
            marker = CheckpointMarker.Parse(File.ReadAllBytes(path));
            reason = null;
            return true;
        }
        catch (FormatException e) { reason = $"marker invalid ({MarkerFileName}): {e.Message}"; }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { reason = $"marker missing ({MarkerFileName})"; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { reason = $"marker unreadable ({MarkerFileName}): {CheckpointFormatException.OneLine(e.Message)}"; }
        return false;
    }

    private static string StepMismatch(long markerStep, long folderStep) => $"marker invalid ({MarkerFileName}): it says step {markerStep}, the folder is step {folderStep}";

    private static string SizeMismatch(MarkerFile f, long actual) => $"{f.Name} has {actual} bytes, marker says {f.Size}";

    internal static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
