namespace Stepwise.Analysis.Influence;

/// <summary>What <c>stepwise influence</c> asks <see cref="InfluenceAnalysis"/> for.</summary>
public sealed record InfluenceRequest
{
    /// <summary>The run folder (or one of its checkpoint folders).</summary>
    public required string RunPath { get; init; }

    /// <summary>Explicit windows (<c>--window</c>, <c>--windows</c>), or null with <see cref="Stages"/>.</summary>
    public IReadOnlyList<StepWindow>? Windows { get; init; }

    /// <summary>K: the plan's K stage windows over updates 0..T−1 (<c>--stages K</c>), or null.</summary>
    public long? Stages { get; init; }

    /// <summary>How to measure.</summary>
    public InfluenceOptions Options { get; init; } = new();

    /// <summary>Engine threads (<c>--threads</c>), or null for the run's config, else the processor count.</summary>
    public int? Threads { get; init; }

    /// <summary>Where finished windows are kept while the analysis runs, so that a stopped one resumes at the next
    /// window (removed when it completes), or null to keep nothing.</summary>
    public string? ProgressPath { get; init; }

    /// <summary>Stop (exit 3, resumable) once this much wall time has passed since <see cref="TimeLimitOrigin"/>, or null.</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>The UTC moment the time limit counts from (the command's start), or null for the analysis's start.</summary>
    public DateTime? TimeLimitOrigin { get; init; }
}
