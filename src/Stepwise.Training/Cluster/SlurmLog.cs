namespace Stepwise.Training.Cluster;

/// <summary>
/// The job log a Slurm task appends to (<c>#SBATCH --output</c>, <c>--open-mode=append</c>): <see cref="FileName"/>
/// inside the task's run folder. Each allocation's script writes one line starting with <see cref="AllocationPrefix"/>
/// before it starts stepwise, so the lines count the allocations the run used, requeues and resubmissions included.
/// </summary>
public static class SlurmLog
{
    /// <summary>The log's name inside the run folder.</summary>
    public const string FileName = "slurm.out";

    /// <summary>How every line of the job script's own begins.</summary>
    public const string Prefix = "stepwise-slurm: ";

    /// <summary>The first line of every allocation.</summary>
    public const string AllocationPrefix = Prefix + "allocation ";

    /// <summary>The marker the script leaves in the run folder after an allocation that made no progress; a second
    /// such allocation in a row fails instead of requeueing again.</summary>
    public const string NoProgressMarker = ".slurm-no-progress";

    /// <summary>The allocations recorded in <paramref name="runDirectory"/>'s log: 0 when it has none.</summary>
    public static int CountAllocations(string runDirectory)
    {
        string path = Path.Combine(runDirectory, FileName);
        if (!File.Exists(path)) return 0;
        int n = 0;
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        while (reader.ReadLine() is { } line)
            if (line.StartsWith(AllocationPrefix, StringComparison.Ordinal)) n++;
        return n;
    }
}
