using Stepwise.Planning;

namespace Stepwise.Analysis.Pruning;

/// <summary>A plan's numbers as an experiment reports them: the seed's window calculation (samples, batch, steps per
/// epoch, epochs, total steps, the stage windows), all from the core's plan.</summary>
/// <param name="TrainSamples">Training samples N.</param>
/// <param name="SamplesPerStep">Samples per optimizer update (batch × accumulation × ranks).</param>
/// <param name="StepsPerEpoch">U, updates per epoch.</param>
/// <param name="Epochs">T / U, exact.</param>
/// <param name="TotalSteps">T.</param>
/// <param name="Windows">The plan's stage windows (empty for a plan without stages).</param>
public sealed record PruneGeometry(long TrainSamples, long SamplesPerStep, long StepsPerEpoch, decimal Epochs, long TotalSteps, IReadOnlyList<StepWindow> Windows)
{
    /// <summary>The numbers of <paramref name="plan"/> (a run's plan: its geometry is known) over
    /// <paramref name="trainSamples"/> samples.</summary>
    public static PruneGeometry Of(Plan plan, long trainSamples)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var g = plan.Geometry ?? throw new ArgumentException("a run's plan has an epoch geometry", nameof(plan));
        return new PruneGeometry(trainSamples, g.SamplesPerStep, g.UpdatesPerEpoch, plan.EpochsExact, plan.TotalSteps.Value, plan.Windows);
    }

    /// <summary>A window's length in epochs (updates / U).</summary>
    public double EpochsOf(StepWindow w) => (double)w.Length.Value / StepsPerEpoch;
}
