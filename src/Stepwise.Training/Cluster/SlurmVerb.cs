namespace Stepwise.Training.Cluster;

/// <summary>The long-running command a Slurm job runs; each takes <c>CONFIG --out DIR --resume auto --wait-lock S</c>,
/// stops cleanly on SIGUSR1 with exit 3 and resumes where it stopped.</summary>
public enum SlurmVerb
{
    /// <summary><c>stepwise train</c>.</summary>
    Train,

    /// <summary><c>stepwise prune</c> (seed 000's pruning experiment).</summary>
    Prune,

    /// <summary><c>stepwise dynamics</c> (seed 002's training-dynamics experiment).</summary>
    Dynamics,
}
