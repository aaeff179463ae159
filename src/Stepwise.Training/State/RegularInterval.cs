using Stepwise.Scheduling;

namespace Stepwise.Training.State;

/// <summary>Hugging Face's <c>eval_steps</c>/<c>save_steps</c> of a plan schedule: the interval N when the schedule is
/// "every N steps" (with the final step, and step 0, allowed on top), else null — HF has no field for irregular ones.</summary>
public static class RegularInterval
{
    /// <summary>N, or null when <paramref name="schedule"/> is not regular.</summary>
    public static long? Of(Schedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        switch (schedule)
        {
            case EverySchedule every:
                return every.Interval;
            case UnionSchedule union:
            {
                var periodic = union.Parts.OfType<EverySchedule>().ToList();
                if (periodic.Count != 1) return null;
                bool endsOnly = union.Parts.Where(p => p is not EverySchedule)
                    .All(p => p is ExplicitSchedule e && e.Steps.All(s => s == 0 || s == schedule.Last.Value));
                return endsOnly ? periodic[0].Interval : null;
            }
            default:
                return null;
        }
    }
}
