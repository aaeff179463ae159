using Stepwise.Scheduling;

namespace Stepwise.Planning;

/// <summary>
/// A resolved, validated training plan: epoch geometry, total steps T, epoch ends, stage windows, checkpoint and
/// evaluation schedules, and estimates. What <c>stepwise plan</c> prints is what <c>stepwise train</c> does.
/// </summary>
public sealed class Plan
{
    internal Plan(EpochGeometry? geometry, EpochBoundaries epochs, string durationSource, IReadOnlyList<StepWindow> windows,
        Schedule checkpoints, Schedule evaluations, IReadOnlyList<string> warnings)
    {
        Geometry = geometry;
        Epochs = epochs;
        DurationSource = durationSource;
        Windows = windows;
        Checkpoints = checkpoints;
        Evaluations = evaluations;
        Warnings = warnings;
    }

    /// <summary>The epoch geometry; null for a plan given only as T steps over E epochs.</summary>
    public EpochGeometry? Geometry { get; }

    /// <summary>T: the number of updates, and the final state.</summary>
    public Step TotalSteps => Epochs.TotalSteps;

    /// <summary>Where the epochs end.</summary>
    public EpochBoundaries Epochs { get; }

    /// <summary>U, updates per epoch (for a proportional plan, floor(T/E)).</summary>
    public long StepsPerEpoch => Geometry?.UpdatesPerEpoch ?? TotalSteps.Value / Epochs.EpochCount;

    /// <summary>The run's length in epochs, T/U, exact to 28 digits (or E for a proportional plan).</summary>
    public decimal EpochsExact => Geometry is null ? Epochs.EpochCount : (decimal)TotalSteps.Value / Geometry.UpdatesPerEpoch;

    /// <summary>Which key fixed T: <c>epochs</c>, <c>max_steps</c>, <c>time_budget</c>, <c>tokens</c> or <c>total_steps</c>.</summary>
    public string DurationSource { get; }

    /// <summary>The stage windows (empty when no <c>stages</c>).</summary>
    public IReadOnlyList<StepWindow> Windows { get; }

    /// <summary>The checkpoint schedule.</summary>
    public Schedule Checkpoints { get; }

    /// <summary>The evaluation schedule.</summary>
    public Schedule Evaluations { get; }

    /// <summary>Warnings for stderr (coverage, long epochs, ignored keys); the plan is valid regardless.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Unique samples for coverage (data.unique_samples, default the train size), or null.</summary>
    public long? UniqueSamples { get; init; }

    /// <summary>Seconds per step (duration.step_time), or null.</summary>
    public decimal? StepSeconds { get; init; }

    /// <summary>Bytes per checkpoint (model_bytes), or null.</summary>
    public long? ModelBytes { get; init; }

    /// <summary>checkpoints.keep_last, or null (keep all).</summary>
    public long? KeepLast { get; init; }

    /// <summary>The checkpoints <c>influence.record</c> adds (window starts and every <see cref="InfluenceSegment"/>
    /// updates, part of <see cref="Checkpoints"/> and never deleted by retention), or null without recording.</summary>
    public Schedule? RecordCheckpoints { get; init; }

    /// <summary>Updates between recording checkpoints, or null without recording.</summary>
    public long? InfluenceSegment { get; init; }

    /// <summary>Samples per epoch / unique samples, or null when either is unknown.</summary>
    public decimal? Coverage => Geometry is not null && UniqueSamples is { } u ? (decimal)Geometry.SamplesPerEpoch / u : null;

    /// <summary>Counts and time/storage estimates.</summary>
    public PlanEstimates Estimates() => _estimates ??= ComputeEstimates();

    private PlanEstimates? _estimates;

    private PlanEstimates ComputeEstimates()
    {
        long ck = Checkpoints.Count();
        long ev = Evaluations.Count();
        return new PlanEstimates(ck, ev,
            ModelBytes is { } b ? checked(ck * b) : null,
            StepSeconds is { } s ? s * TotalSteps.Value : null,
            StepSeconds is { } s2 ? s2 * StepsPerEpoch : null);
    }
}
