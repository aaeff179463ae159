using Stepwise.Scheduling;

namespace Stepwise.Tests.Scheduling;

/// <summary>
/// A generated schedule, its parameters (shown when a property fails) and, where one is simple to state, a naive
/// membership oracle written from the schedule's definition rather than from its implementation.
/// </summary>
internal sealed class ScheduleCase(string description, Schedule schedule, Func<long, bool>? oracle)
{
    public Schedule Schedule => schedule;

    /// <summary>Membership from the definition (first-epoch schedules: <see cref="EpochSpacedReference"/>), or null.</summary>
    public Func<long, bool>? Oracle => oracle;

    public long T => schedule.Last.Value;

    public override string ToString() => $"T={T}: {description}";
}
