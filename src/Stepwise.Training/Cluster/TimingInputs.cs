namespace Stepwise.Training.Cluster;

/// <summary>Figures the user gives (<c>--step-time</c>, <c>--eval-time</c>, <c>--save-time</c>, e.g. from
/// <c>stepwise measure</c> on a compute node); each one given wins over the run's own timing.jsonl and over measuring.</summary>
/// <param name="StepSeconds">Seconds per update, or null.</param>
/// <param name="EvaluationSeconds">Seconds per scheduled evaluation, or null.</param>
/// <param name="SaveSeconds">Seconds per checkpoint write, or null.</param>
public sealed record TimingInputs(decimal? StepSeconds = null, decimal? EvaluationSeconds = null, decimal? SaveSeconds = null)
{
    /// <summary>Whether all three are given (nothing needs measuring).</summary>
    public bool Complete => StepSeconds is not null && EvaluationSeconds is not null && SaveSeconds is not null;
}
