using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Planning;
using Stepwise.Training.Cluster;

namespace Stepwise.Cli.Commands;

/// <summary>
/// <c>stepwise plan</c>'s <c>--time-limit 4h --step-time 12s</c> (kept apart from PlanCommand.cs): the allocations a run
/// needs under a job time limit and the checkpoints each writes (<see cref="AllocationPlan"/>, Training.Cluster).
/// <c>--step-time</c> also sets <c>duration.step_time</c>, so the plan's estimates use it; without it the config's
/// <c>duration.step_time</c> is used.
/// </summary>
public static class PlanAllocations
{
    /// <summary>The two options.</summary>
    public static (Option<string?> TimeLimit, Option<string?> StepTime) Options() =>
        (new Option<string?>("--time-limit") { Description = "A job time limit (4h, 04:00:00, 1-00:00:00): how many allocations the run needs and the checkpoints in each" },
         new Option<string?>("--step-time") { Description = "Seconds per update (e.g. 12s, from stepwise measure); sets duration.step_time" });

    /// <summary>What the options ask for.</summary>
    /// <param name="TimeLimitSeconds">The limit, or null.</param>
    /// <param name="Overrides">Config overrides (duration.step_time).</param>
    public sealed record Request(decimal? TimeLimitSeconds, IReadOnlyList<(string Path, string Value)> Overrides)
    {
        /// <summary>The allocation plan for <paramref name="plan"/> (null without a time limit), or the message.</summary>
        public ParseResult<AllocationPlan?> Split(Plan plan)
        {
            if (TimeLimitSeconds is not { } limit) return ParseResult<AllocationPlan?>.Ok(null);
            if (plan.StepSeconds is not { } step)
                return ParseResult<AllocationPlan?>.Fail("--time-limit needs the time of one update: give --step-time 12s or duration.step_time (stepwise measure CONFIG measures it)");
            return AllocationPlan.Create(plan, limit, step).Select(a => (AllocationPlan?)a);
        }
    }

    /// <summary>Checks the options' values.</summary>
    public static ParseResult<Request> Parse(string? timeLimit, string? stepTime)
    {
        decimal? limit = null;
        if (timeLimit is not null)
        {
            var seconds = CommonOptions.Clock("--time-limit", timeLimit, "4h, 90m");
            if (!seconds.TryGetValue(out decimal s)) return ParseResult<Request>.Fail(seconds.Error!);
            limit = s;
        }
        var overrides = new List<(string, string)>();
        if (stepTime is not null)
        {
            if (timeLimit is null) return ParseResult<Request>.Fail("--step-time goes with --time-limit (for the estimates alone set duration.step_time)");
            var seconds = CommonOptions.Clock("--step-time", stepTime, "12s, 350ms");
            if (!seconds.TryGetValue(out decimal s)) return ParseResult<Request>.Fail(seconds.Error!);
            overrides.Add(("duration.step_time", TimeValue.FormatAmount(s) + "s"));
        }
        return ParseResult<Request>.Ok(new Request(limit, overrides));
    }

    /// <summary>The text section after the plan.</summary>
    public static void WriteText(TextWriter o, AllocationPlan? allocations)
    {
        if (allocations is null) return;
        o.WriteLine();
        foreach (string line in allocations.Describe()) o.WriteLine(line);
    }

    /// <summary>CSV rows <c>allocation,N,start,end,epoch</c> (the updates it performs, as window rows).</summary>
    public static void WriteCsv(TextWriter o, Plan plan, AllocationPlan? allocations)
    {
        if (allocations is null) return;
        foreach (var a in allocations.Allocations.Where(a => a.End > a.Start))
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"allocation,{a.Number},{a.Updates.Start},{a.Updates.End},{plan.Epochs.EpochOf(new Step(a.Updates.Start + 1))}"));
    }

    /// <summary>The plan's JSON with an <c>allocations</c> member after the rest.</summary>
    public static int WriteJson(CliContext cx, Plan plan, AllocationPlan allocations)
    {
        var json = PlanJson.Write(plan, byEpoch: false);
        if (!json.TryGetValue(out string? text)) return cx.BadInput(json.Error!);
        var node = JsonNode.Parse(text)!.AsObject();
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer)) allocations.WriteJson(w);
        node["allocations"] = JsonNode.Parse(buffer.ToArray());
        cx.Out.WriteLine(node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return ExitCodes.Ok;
    }
}
