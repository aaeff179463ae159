namespace Stepwise.Slurm.Tests;

/// <summary>
/// A fact that needs the single-node Slurm (<see cref="SlurmCluster"/>): where it cannot start, the test is reported as
/// skipped with the reason (also printed on stderr once) instead of silently passing. Starting it is part of the check,
/// so a daemon that does not come up is a skip with its log line, not a failure of the code under test.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class SlurmFactAttribute : FactAttribute
{
    private static int _printed;

    /// <summary>Starts the cluster (once) and sets <see cref="FactAttribute.Skip"/> when it is unavailable.</summary>
    public SlurmFactAttribute()
    {
        if (SlurmCluster.Shared.Unavailable is not { } reason) return;
        Skip = $"Slurm integration skipped: {reason}";
        if (Interlocked.Exchange(ref _printed, 1) == 0) Console.Error.WriteLine(Skip);
    }
}
