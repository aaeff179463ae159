using System.Security.Cryptography;
using Stepwise.Training.Checkpoints;

namespace Stepwise.Training.Export;

/// <summary>
/// Writes the files of an export into a new folder all at once: into <c>.NAME.tmp-&lt;hex&gt;</c> beside the target,
/// each file fsynced, then one rename to the target and an fsync of its parent. A failure leaves no target folder
/// (and removes the temporary one), so a folder of that name is always complete.
/// </summary>
internal static class ExportFolder
{
    /// <summary>Writes <paramref name="files"/> (plain names) into <paramref name="directory"/>, which must not exist or be
    /// empty; its parent folders are created. Returns the paths written, in the given order.</summary>
    /// <exception cref="RunInputException">The target exists and is a file or a folder that is not empty (nothing
    /// is written).</exception>
    /// <exception cref="IOException">A write fails (the target is then not created).</exception>
    public static IReadOnlyList<string> Write(string directory, IReadOnlyList<(string Name, byte[] Content)> files)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        string target = Path.GetFullPath(directory.TrimEnd('/', '\\'));
        if (File.Exists(target)) throw new RunInputException($"{directory}: is a file; the export needs a new or empty folder");
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
            throw new RunInputException($"{directory}: the folder is not empty; export into a new or empty folder");
        string parent = Path.GetDirectoryName(target) ?? throw new RunInputException($"{directory}: cannot export into the file system root");
        Directory.CreateDirectory(parent);
        string temp = Path.Combine(parent, $".{Path.GetFileName(target)}.tmp-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}");
        try
        {
            Directory.CreateDirectory(temp);
            foreach (var (name, content) in files)
            {
                using var f = new FileStream(Path.Combine(temp, name), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
                f.Write(content);
                f.Flush(flushToDisk: true);
            }
            DirectorySync.Sync(temp);
            if (Directory.Exists(target)) Directory.Delete(target); // empty, checked above
            Directory.Move(temp, target);
            DirectorySync.Sync(parent);
        }
        catch
        {
            try { if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
            throw;
        }
        return files.Select(f => Path.Combine(target, f.Name)).ToList();
    }
}
