using Stepwise.Training.Runs;

namespace Stepwise.Training.Cluster;

/// <summary>Writes a job to its output folder: the folder, one run folder per task (Slurm opens each task's
/// <c>--output</c> there before the script runs), the script (executable) and the sweep manifest, each file atomically.</summary>
public static class SlurmOutput
{
    /// <summary>Writes <paramref name="job"/> (its <see cref="SlurmJob.ScriptPath"/> must be set); throws
    /// <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/> on a write fault.</summary>
    public static void Write(SlurmJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        string script = job.ScriptPath ?? throw new ArgumentException("the job has no script path", nameof(job));
        Directory.CreateDirectory(job.OutDirectory);
        foreach (var task in job.Sweep.Tasks) Directory.CreateDirectory(job.RunDirectory(task));
        Directory.CreateDirectory(Path.GetDirectoryName(script)!);
        RunFiles.WriteAtomic(script, SlurmScript.Render(job));
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        RunFiles.WriteAtomic(job.ManifestPath, SweepManifest.Of(job).ToJson());
    }
}
