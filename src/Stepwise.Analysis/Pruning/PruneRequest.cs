using Stepwise.Configuration;

namespace Stepwise.Analysis.Pruning;

/// <summary>What <c>stepwise prune</c> asks <see cref="PruneExperiment"/> for.</summary>
public sealed record PruneRequest
{
    /// <summary>The run config's tree (the YAML file with <c>--set</c> overrides applied).</summary>
    public required ConfigNode Config { get; init; }

    /// <summary>The folder relative data paths resolve against (the config file's folder).</summary>
    public required string BaseDirectory { get; init; }

    /// <summary>The experiment's folder (repeat 0's run trained once; created if missing), or null for Training's
    /// default run folder of the config (<c>runs/&lt;name&gt;-&lt;UTC time&gt;</c>, from <see cref="ConfigPath"/>).</summary>
    public string? OutDirectory { get; init; }

    /// <summary>The config file, which names the default folder when the config has no <c>name</c>.</summary>
    public string ConfigPath { get; init; } = "prune.yaml";

    /// <summary>The command line's choices.</summary>
    public PruneOverrides Overrides { get; init; } = new();

    /// <summary>Continue the experiment already in <see cref="OutDirectory"/> (<c>--resume auto</c>): finished runs and
    /// scored windows are kept, a stopped run resumes from its checkpoint. Without it, a folder that holds an experiment
    /// or a run is refused.</summary>
    public bool Resume { get; init; }

    /// <summary>How long to wait while another process writes the experiment's folder (or one of its runs); zero: refuse
    /// at once (<c>--wait-lock</c>, as <c>stepwise slurm</c>'s jobs pass it).</summary>
    public TimeSpan WaitLock { get; init; }

    /// <summary>Engine threads, or null for the config's <c>threads</c>, else the processor count.</summary>
    public int? Threads { get; init; }

    /// <summary>Stop (resumable) once this much wall time has passed since <see cref="TimeLimitOrigin"/>, or null.</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>The UTC moment the time limit counts from (the command's start), or null for the experiment's start.</summary>
    public DateTime? TimeLimitOrigin { get; init; }
}
