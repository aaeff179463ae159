using System.Globalization;
using System.Text.Json;
using Stepwise.Planning;
using Stepwise.Scheduling;

namespace Stepwise.Training.Cluster;

/// <summary>
/// How a run splits over allocations of a time limit (<c>stepwise plan CONFIG --time-limit 4h --step-time 12s</c>): each
/// allocation is signalled <see cref="Grace"/> before its limit and stops at the end of the update under way (with its
/// scheduled evaluation and checkpoint), writes a checkpoint there and the next one resumes from it. An allocation's
/// clock counts updates (<see cref="StepSeconds"/> each), scheduled evaluations and checkpoint writes (their figures);
/// start-up is not counted. All arithmetic is exact decimal seconds, counts are checked longs.
/// </summary>
/// <param name="TimeLimitSeconds">The time limit of one allocation.</param>
/// <param name="StepSeconds">Seconds per update.</param>
/// <param name="EvaluationSeconds">Seconds per scheduled evaluation.</param>
/// <param name="SaveSeconds">Seconds per checkpoint write.</param>
/// <param name="Grace">The grace period (<see cref="GracePeriod.FromFigures"/> of the same figures, unless given).</param>
/// <param name="TotalSteps">The plan's T.</param>
/// <param name="Allocations">The allocations, in order.</param>
public sealed record AllocationPlan(decimal TimeLimitSeconds, decimal StepSeconds, decimal EvaluationSeconds, decimal SaveSeconds, GracePeriod Grace,
    Step TotalSteps, IReadOnlyList<Allocation> Allocations)
{
    /// <summary>The most allocations a plan lists.</summary>
    public const int MaxAllocations = 100_000;

    /// <summary>Seconds an allocation trains before the signal: the limit less the grace.</summary>
    public decimal TrainSeconds => TimeLimitSeconds - Grace.Seconds;

    /// <summary>Splits <paramref name="plan"/> over allocations of <paramref name="timeLimitSeconds"/>; refuses (one line)
    /// a limit that leaves no time for one update after the grace, or a run needing more than
    /// <see cref="MaxAllocations"/>.</summary>
    public static ParseResult<AllocationPlan> Create(Plan plan, decimal timeLimitSeconds, decimal stepSeconds, decimal evaluationSeconds = 0,
        decimal saveSeconds = 0, GracePeriod? grace = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var inv = CultureInfo.InvariantCulture;
        if (stepSeconds <= 0) return ParseResult<AllocationPlan>.Fail("--step-time: must be positive; measure it with stepwise measure CONFIG");
        if (evaluationSeconds < 0 || saveSeconds < 0) throw new ArgumentOutOfRangeException(nameof(evaluationSeconds), "figures must be ≥ 0");
        grace ??= GracePeriod.FromFigures(new TimingFigures(new((double)stepSeconds, "--step-time"), new((double)evaluationSeconds, "plan"), new((double)saveSeconds, "plan")));
        decimal budget = timeLimitSeconds - grace.Seconds;
        if (budget <= 0)
            return ParseResult<AllocationPlan>.Fail(string.Create(inv, $"--time-limit = {TimeValue.FormatAmount(timeLimitSeconds)} s: not longer than the {grace.Seconds} s grace period ({grace.Explain()}); allowed: a longer limit"));
        var events = new UnionSchedule([plan.Checkpoints, plan.Evaluations], plan.TotalSteps);
        long total = plan.TotalSteps.Value;
        var allocations = new List<Allocation>();
        long start = 0;
        while (start < total || allocations.Count == 0)
        {
            if (allocations.Count == MaxAllocations)
                return ParseResult<AllocationPlan>.Fail(string.Create(inv, $"--time-limit: the run needs more than {MaxAllocations} allocations of {TimeValue.FormatAmount(timeLimitSeconds)} s; allowed: a longer limit"));
            long end = Stop(plan, events, start, budget, stepSeconds, evaluationSeconds, saveSeconds);
            var checkpoints = new List<Step>();
            for (Step? c = plan.Checkpoints.Next(new Step(start)); c is { } x && x.Value <= end; c = plan.Checkpoints.Next(x)) checkpoints.Add(x);
            var endStep = new Step(end);
            allocations.Add(new Allocation(allocations.Count + 1, new Step(start), endStep, checkpoints, end < total && !plan.Checkpoints.Contains(endStep)));
            if (total == 0) break;
            start = end;
        }
        return ParseResult<AllocationPlan>.Ok(new AllocationPlan(timeLimitSeconds, stepSeconds, evaluationSeconds, saveSeconds, grace, plan.TotalSteps, allocations));
    }

    /// <summary>The first state after <paramref name="start"/> whose update ends at or after <paramref name="budget"/>
    /// seconds (the one under way when the signal comes), or T.</summary>
    private static long Stop(Plan plan, Schedule events, long start, decimal budget, decimal step, decimal eval, decimal save)
    {
        long total = plan.TotalSteps.Value;
        decimal t = 0;
        long s = start;
        while (s < total)
        {
            long next = events.Next(new Step(s)) is { } e ? e.Value : total; // the next state with an event (or T)
            long plain = next - s - 1; // updates before it, with nothing scheduled after them
            decimal need = decimal.Ceiling((budget - t) / step); // updates until the clock reaches the budget
            if (need <= plain) return s + (long)need;
            t += plain * step;
            var state = new Step(next);
            t += step + (plan.Evaluations.Contains(state) ? eval : 0) + (plan.Checkpoints.Contains(state) ? save : 0);
            s = next;
            if (t >= budget) return s;
        }
        return total;
    }

    /// <summary>The plan in lines for <c>stepwise plan</c>'s text: a heading, then one line per allocation (the first
    /// <paramref name="head"/> and last 3 when there are more).</summary>
    public IEnumerable<string> Describe(int head = 12)
    {
        var inv = CultureInfo.InvariantCulture;
        int n = Allocations.Count;
        yield return string.Create(inv, $"Allocations: {n} of {TimeValue.FormatAmount(TimeLimitSeconds)} s ({WallClock.FormatSlurm((long)decimal.Ceiling(TimeLimitSeconds))}) at {TimeValue.FormatAmount(StepSeconds)} s per update");
        yield return string.Create(inv, $"  each trains {TimeValue.FormatAmount(TrainSeconds)} s, then stops within its {Grace.Explain()}");
        if (EvaluationSeconds == 0 && SaveSeconds == 0)
            yield return "  (evaluation and checkpoint times are not counted; `stepwise slurm` measures them for its grace period)";
        for (int i = 0; i < n; i++)
        {
            if (n > head + 3 && i == head) yield return string.Create(inv, $"  … allocations {head + 1}..{n - 3} not shown …");
            if (n > head + 3 && i >= head && i < n - 3) continue;
            var a = Allocations[i];
            string ck = a.Checkpoints.Count switch
            {
                0 => "no scheduled checkpoint",
                <= 6 => "checkpoints " + string.Join(", ", a.Checkpoints),
                _ => string.Create(inv, $"{a.Checkpoints.Count} checkpoints {a.Checkpoints[0]}, {a.Checkpoints[1]}, {a.Checkpoints[2]} … {a.Checkpoints[^1]}"),
            };
            string stop = a.StopCheckpoint ? string.Create(inv, $", stop checkpoint {a.End}") : a.End == TotalSteps ? " (the end)" : "";
            yield return string.Create(inv, $"  {a.Number}: steps {a.Start} → {a.End} ({a.End.Value - a.Start.Value} updates), {ck}{stop}");
        }
    }

    /// <summary>Writes the plan as a JSON object value (for <c>stepwise plan --format json</c>'s <c>allocations</c>).</summary>
    public void WriteJson(Utf8JsonWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteStartObject();
        w.WriteNumber("time_limit_seconds", TimeLimitSeconds);
        w.WriteNumber("step_seconds", StepSeconds);
        w.WriteNumber("grace_seconds", Grace.Seconds);
        w.WriteNumber("train_seconds", TrainSeconds);
        w.WriteNumber("count", Allocations.Count);
        w.WriteStartArray("list");
        foreach (var a in Allocations)
        {
            w.WriteStartObject();
            w.WriteNumber("allocation", a.Number);
            w.WriteNumber("start", a.Start.Value);
            w.WriteNumber("end", a.End.Value);
            w.WriteStartArray("checkpoints");
            foreach (var c in a.Checkpoints) w.WriteNumberValue(c.Value);
            w.WriteEndArray();
            if (a.StopCheckpoint) w.WriteNumber("stop_checkpoint", a.End.Value);
            else w.WriteNull("stop_checkpoint");
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
