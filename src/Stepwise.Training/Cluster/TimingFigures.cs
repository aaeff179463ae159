namespace Stepwise.Training.Cluster;

/// <summary>What a stop costs after the signal: finishing the update under way, a scheduled evaluation at its step,
/// and the checkpoint write; the inputs of <see cref="GracePeriod.FromFigures"/>.</summary>
/// <param name="Step">Seconds of one update.</param>
/// <param name="Evaluation">Seconds of one scheduled evaluation (all scheduled splits); zero when the plan evaluates
/// only at the final step, where no stop follows.</param>
/// <param name="Save">Seconds of one checkpoint write.</param>
public sealed record TimingFigures(TimingFigure Step, TimingFigure Evaluation, TimingFigure Save)
{
    /// <summary>The largest of each figure over <paramref name="all"/> (a sweep whose tasks differ in cost gets the
    /// grace of its slowest), keeping that figure's source.</summary>
    public static TimingFigures Max(IEnumerable<TimingFigures> all)
    {
        ArgumentNullException.ThrowIfNull(all);
        TimingFigures? max = null;
        foreach (var f in all)
        {
            max = max is null ? f : new TimingFigures(
                f.Step.Seconds > max.Step.Seconds ? f.Step : max.Step,
                f.Evaluation.Seconds > max.Evaluation.Seconds ? f.Evaluation : max.Evaluation,
                f.Save.Seconds > max.Save.Seconds ? f.Save : max.Save);
        }
        return max ?? throw new ArgumentException("no figures", nameof(all));
    }
}
