using System.Diagnostics;
using System.Globalization;

namespace Stepwise.Training.Runs;

/// <summary>
/// The one-writer lock of a run folder: an exclusive OS lock (flock) on <see cref="FileName"/> inside it, held for as
/// long as a command writes the folder and released by the kernel when the process ends, kill -9 included, so a
/// stale lock never needs cleaning. The holder's pid is written beside it (<see cref="OwnerFileName"/>) for the
/// message a second writer gets. Readers take no lock.
/// </summary>
public sealed class RunLock : IDisposable
{
    /// <summary>The locked file.</summary>
    public const string FileName = "run.lock";

    /// <summary>The holder's pid, host and start time (information only; the lock is the flock).</summary>
    public const string OwnerFileName = "run.lock.owner";

    private readonly FileStream _file;

    private RunLock(FileStream file, string directory)
    {
        _file = file;
        Directory = directory;
    }

    /// <summary>The locked run folder.</summary>
    public string Directory { get; }

    /// <summary>
    /// Takes the lock of <paramref name="runDirectory"/> (created if missing), waiting up to <paramref name="wait"/>
    /// (zero: not at all) while another process holds it. Throws <see cref="RunInputException"/> naming the folder and
    /// the holder's pid when it stays held. <paramref name="fileName"/> names another lock of the folder: a command that
    /// runs trainers inside its own folder (<c>stepwise prune</c>: the folder is also its first run's) holds its own
    /// lock beside theirs.
    /// </summary>
    public static RunLock Acquire(string runDirectory, TimeSpan wait, string fileName = FileName)
    {
        ArgumentException.ThrowIfNullOrEmpty(runDirectory);
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        System.IO.Directory.CreateDirectory(runDirectory);
        string path = Path.Combine(runDirectory, fileName);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                return new RunLock(file, runDirectory);
            }
            catch (IOException e) when (IsHeldElsewhere(e))
            {
                if (clock.Elapsed >= wait)
                {
                    string who = Owner(runDirectory) is { } pid ? $"process {pid}" : "another process";
                    string waited = wait > TimeSpan.Zero ? string.Create(CultureInfo.InvariantCulture, $" after waiting {wait.TotalSeconds:0.#} s") : "";
                    throw new RunInputException($"{runDirectory} is being written by {who}{waited}; one writer per run folder (wait for it, or add --wait-lock 60s to wait)");
                }
                Thread.Sleep(TimeSpan.FromMilliseconds(Math.Min(200, Math.Max(10, (wait - clock.Elapsed).TotalMilliseconds))));
            }
        }
    }

    /// <summary>The pid recorded by the current or last holder of <paramref name="runDirectory"/>'s lock, or null.</summary>
    public static int? Owner(string runDirectory)
    {
        try
        {
            string text = File.ReadAllText(Path.Combine(runDirectory, OwnerFileName));
            int end = text.IndexOf(' ', StringComparison.Ordinal);
            return int.TryParse(end < 0 ? text.Trim() : text[..end], NumberStyles.None, CultureInfo.InvariantCulture, out int pid) ? pid : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Whether <paramref name="e"/> says another process holds the lock: EWOULDBLOCK from flock on Linux
    /// (HResult 11), a sharing violation on Windows (32).</summary>
    private static bool IsHeldElsewhere(IOException e) => e.HResult is 11 or 32 or unchecked((int)0x80070020);

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _file.Dispose();

    /// <summary>Records this process as the holder (<see cref="OwnerFileName"/>), once the command is sure to write the
    /// folder: a refused command leaves the previous holder's record alone.</summary>
    public void RecordOwner() => WriteOwner(Directory);

    private static void WriteOwner(string runDirectory)
    {
        string text = string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId} {Environment.MachineName} {DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ}\n");
        RunFiles.WriteAtomic(Path.Combine(runDirectory, OwnerFileName), text);
    }
}
