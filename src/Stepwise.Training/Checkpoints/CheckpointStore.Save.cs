using System.Globalization;
using System.Security.Cryptography;

namespace Stepwise.Training.Checkpoints;

public sealed partial class CheckpointStore
{
    /// <summary>
    /// Writes a checkpoint atomically: after a crash at any moment the run folder holds either the complete new
    /// checkpoint or none at <c>checkpoint_step_{step}</c>, and every earlier checkpoint is untouched.
    /// </summary>
    /// <remarks>
    /// <para>Protocol: (1) create <c>.tmp-checkpoint_step_N-&lt;random&gt;</c> in the run folder; (2) write each file
    /// and fsync it; (3) write the marker (<see cref="MarkerFileName"/>: format version, step, permanent flag, per-file
    /// size and SHA-256) last and fsync it; (4) fsync the temporary folder; (5) if an invalid folder (or file) stands at
    /// the target name, rename it to <c>checkpoint_step_N.corrupt-K</c> (smallest free K ≥ 1); (6) rename the temporary
    /// folder to the target; (7) fsync the run folder.</para>
    /// <para>A VALID checkpoint already at the target is replaced: it is first renamed to
    /// <c>.tmp-checkpoint_step_N-&lt;random&gt;.replaced</c>, the new folder is renamed in, the run folder is synced,
    /// then the old one is deleted. If the process dies between the two renames, <see cref="CleanTemporaries"/> renames
    /// the old one back, so step N is never lost.</para>
    /// </remarks>
    /// <param name="step">The step (≥ 0).</param>
    /// <param name="files">The files (at least one, distinct plain names; see <see cref="CheckpointFile"/>).</param>
    /// <param name="permanent">Marks the checkpoint as a permanent anchor that retention never deletes.</param>
    /// <returns>The saved checkpoint.</returns>
    /// <exception cref="ArgumentException">Bad step or file names.</exception>
    /// <exception cref="CheckpointWriteException">Any I/O error (disk full, permission denied, …); the temporary folder
    /// has been removed (best effort) and earlier checkpoints are intact.</exception>
    public CheckpointInfo Save(long step, IReadOnlyList<CheckpointFile> files, bool permanent = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        CheckFiles(files);
        string target = PathOf(step);
        string temp = Path.Combine(RunDirectory, $"{TempPrefix}{FolderName(step)}-{RandomSuffix()}");
        string current = RunDirectory;
        string? replaced = null;
        bool renamed = false;
        try
        {
            EnsureRunDirectory();
            current = temp;
            Directory.CreateDirectory(temp);
            var entries = new List<MarkerFile>();
            foreach (var f in files)
            {
                current = Path.Combine(temp, f.Name);
                _faults?.BeforeFile(temp, f.Name);
                WriteSynced(current, f.Content.Span);
                entries.Add(new MarkerFile(f.Name, f.Content.Length, Sha256Hex(f.Content.Span)));
            }
            entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            current = Path.Combine(temp, MarkerFileName);
            _faults?.BeforeFile(temp, MarkerFileName);
            WriteSynced(current, new CheckpointMarker(step, permanent, entries).ToJson());
            current = temp;
            DirectorySync.Sync(temp);
            _faults?.BeforeRename(temp, target);
            current = target;
            if (Directory.Exists(target) || File.Exists(target))
            {
                var existing = ValidateFolder(target, step);
                if (existing.IsValid)
                {
                    replaced = temp + ".replaced";
                    Directory.Move(target, replaced);
                }
                else
                {
                    string aside = MoveAside(target);
                    Warn?.Invoke($"{FolderName(step)} is corrupt: {existing.Reason}; moved aside to {Path.GetFileName(aside)}");
                }
            }
            Directory.Move(temp, target);
            renamed = true;
            current = RunDirectory;
            DirectorySync.Sync(RunDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Undo(temp, replaced, target, renamed);
            throw new CheckpointWriteException(step, current, WithoutPath(e.Message, current), e);
        }
        catch
        {
            Undo(temp, replaced, target, renamed);
            throw;
        }
        if (replaced is not null) DeleteBestEffort(replaced);
        return new CheckpointInfo(step, target, permanent);
    }

    /// <summary>.NET appends <c>" : 'path'"</c> to I/O messages; the exception names the path already.</summary>
    private static string WithoutPath(string message, string path)
    {
        string suffix = $" : '{path}'";
        return message.EndsWith(suffix, StringComparison.Ordinal) ? message[..^suffix.Length] : message;
    }

    private static void CheckFiles(IReadOnlyList<CheckpointFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count == 0) throw new ArgumentException("a checkpoint needs at least one file", nameof(files));
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in files)
        {
            ArgumentNullException.ThrowIfNull(f);
            string n = f.Name;
            if (string.IsNullOrEmpty(n) || n[0] == '.' || n == MarkerFileName || n.Any(c => c is '/' or '\\' || char.IsControl(c)))
                throw new ArgumentException($"'{n}' is not a valid checkpoint file name", nameof(files));
            if (!names.Add(n)) throw new ArgumentException($"checkpoint file '{n}' given twice", nameof(files));
        }
    }

    private void EnsureRunDirectory()
    {
        if (Directory.Exists(RunDirectory)) return;
        Directory.CreateDirectory(RunDirectory);
        string? parent = Path.GetDirectoryName(RunDirectory);
        if (parent is not null) DirectorySync.Sync(parent);
    }

    private static void WriteSynced(string path, ReadOnlySpan<byte> content)
    {
        // Unbuffered, so a full disk surfaces in Write rather than in Dispose.
        using var fs = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
        fs.Write(content);
        fs.Flush(flushToDisk: true);
    }

    private static string RandomSuffix() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    /// <summary>Renames an invalid folder (or file) at <paramref name="target"/> to <c>target.corrupt-K</c>, smallest free K ≥ 1.</summary>
    private static string MoveAside(string target)
    {
        for (int k = 1; ; k++)
        {
            string aside = string.Create(CultureInfo.InvariantCulture, $"{target}.corrupt-{k}");
            if (Directory.Exists(aside) || File.Exists(aside)) continue;
            if (Directory.Exists(target)) Directory.Move(target, aside);
            else File.Move(target, aside);
            return aside;
        }
    }

    /// <summary>After a failure: put a replaced valid checkpoint back and delete the temporary folder (best effort).</summary>
    private void Undo(string temp, string? replaced, string target, bool renamed)
    {
        if (replaced is not null && !renamed && Directory.Exists(replaced) && !Directory.Exists(target))
        {
            try { Directory.Move(replaced, target); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Warn?.Invoke($"cannot restore {Path.GetFileName(target)} from {replaced}: {e.Message}; CleanTemporaries will retry");
            }
        }
        else if (replaced is not null && renamed)
        {
            DeleteBestEffort(replaced);
        }
        if (!renamed) DeleteBestEffort(temp);
    }

    private void DeleteBestEffort(string path)
    {
        try
        {
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
            else if (File.Exists(path)) File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Warn?.Invoke($"cannot delete {path}: {CheckpointFormatException.OneLine(e.Message)}");
        }
    }
}
