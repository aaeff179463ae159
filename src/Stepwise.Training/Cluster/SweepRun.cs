using Stepwise.Training.Runs;

namespace Stepwise.Training.Cluster;

/// <summary>One run of a sweep folder as <c>stepwise runs</c> shows it.</summary>
/// <param name="Name">The run folder's name.</param>
/// <param name="Directory">The run folder (full path; it may not exist yet for a pending task).</param>
/// <param name="Sweep">The sweep (manifest) it belongs to, or null for a run folder found on its own.</param>
/// <param name="Index">Its array index, or null.</param>
/// <param name="Overrides">What the task sets (key → value), empty for a run found on its own.</param>
/// <param name="Status">run.json's status, or null when the run has not started (no run.json).</param>
/// <param name="Step">The step reached (0 before the start).</param>
/// <param name="TotalSteps">The plan's T, or null before the start.</param>
/// <param name="LastTraining">The last training row of metrics.jsonl, or null.</param>
/// <param name="LastEvaluation">The last evaluation row, or null.</param>
/// <param name="BestCheckpoint">run.json's best checkpoint, or null.</param>
/// <param name="Allocations">The Slurm allocations its log records (<see cref="SlurmLog.CountAllocations"/>), or null
/// without a log.</param>
/// <param name="Problem">Why part of the folder could not be read (a damaged run.json), or null.</param>
public sealed record SweepRun(string Name, string Directory, string? Sweep, int? Index, IReadOnlyList<KeyValuePair<string, string>> Overrides,
    RunStatus? Status, long Step, long? TotalSteps, MetricsRecord? LastTraining, MetricsRecord? LastEvaluation, string? BestCheckpoint,
    int? Allocations, string? Problem)
{
    /// <summary>The status as shown: running, completed, stopped, failed; <c>pending</c> before the start;
    /// <c>unreadable</c> when run.json is damaged.</summary>
    public string StatusName => Problem is not null && Status is null ? "unreadable" : Status is { } s ? RunStatusFile.Name(s) : "pending";

    /// <summary>The overrides in one line: <c>seed=3 optimizer.lr=0.01</c>.</summary>
    public string OverridesText => string.Join(' ', Overrides.Select(o => $"{o.Key}={o.Value}"));
}
