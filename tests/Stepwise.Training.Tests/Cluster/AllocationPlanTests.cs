using FsCheck;
using FsCheck.Fluent;
using Stepwise.Configuration;
using Stepwise.Planning;
using Stepwise.Training.Cluster;

namespace Stepwise.Training.Tests.Cluster;

/// <summary>Allocations under a time limit: contiguous, covering 0..T, each ending at the update under way when the
/// signal comes, the plan's checkpoints each in exactly one.</summary>
public sealed class AllocationPlanTests
{
    private static Plan Plan(long total, long every, long? evalEvery = null)
    {
        var yaml = $"data: {{ train_size: 1000 }}\nbatch: {{ size: 10 }}\nduration: {{ max_steps: {total} }}\ncheckpoints: {{ every: {every} }}\n" +
            (evalEvery is { } e ? $"eval: {{ every: {e} }}\n" : "");
        var node = Stepwise.Config.YamlConfigReader.ReadText(yaml, "p.yaml").Value;
        var built = PlanBuilder.Build(PlanConfig.FromValues(ConfigBinder.Bind(node, ConfigSchema.Plan).Values));
        Assert.True(built.Success, string.Join("; ", built.Errors));
        return built.Plan!;
    }

    [Fact]
    public void Seed_001_like_example()
    {
        // 3,000 updates of 12 s with a 4 h limit: grace 44 s, 14,356 s = 1,196.3 updates → the 1,197th is under way.
        var a = AllocationPlan.Create(Plan(3000, 500), 4 * 3600, 12).Value;
        Assert.Equal(44, a.Grace.Seconds);
        Assert.Equal([(0L, 1197L), (1197L, 2394L), (2394L, 3000L)], a.Allocations.Select(x => (x.Start.Value, x.End.Value)));
        Assert.Equal([500L, 1000L], a.Allocations[0].Checkpoints.Select(c => c.Value));
        Assert.True(a.Allocations[0].StopCheckpoint);
        Assert.False(a.Allocations[2].StopCheckpoint);
        Assert.Equal([2500L, 3000L], a.Allocations[2].Checkpoints.Select(c => c.Value));
        Assert.Contains("Allocations: 3 of 14400 s (04:00:00) at 12 s per update", a.Describe().First(), StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluation_and_save_time_count_where_the_plan_schedules_them()
    {
        // budget 100 − 30 = 70 s; updates 1 s; an evaluation of 20 s at every 10th state.
        var a = AllocationPlan.Create(Plan(100, 50, 10), 100, 1, evaluationSeconds: 20, grace: GracePeriod.Given(30)).Value;
        // states 1..10 take 10 + 20 = 30 s, 11..20 reach 60 s, the 21st..30th update: 61..70 s → stops at 30 (with its evaluation)
        Assert.Equal(30, a.Allocations[0].End.Value);
    }

    [Fact]
    public void A_limit_no_longer_than_the_grace_is_refused()
    {
        var p = AllocationPlan.Create(Plan(100, 10), 30, 1);
        Assert.False(p.Success);
        Assert.Contains("not longer than the 30 s grace period", p.Error, StringComparison.Ordinal);
        Assert.Contains("must be positive", AllocationPlan.Create(Plan(100, 10), 3600, 0).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Allocations_cover_the_run_and_respect_the_budget() =>
        Prop.ForAll(
            (from total in Gen.Choose(1, 3000)
             from every in Gen.Choose(1, 400)
             from eval in Gen.Choose(1, 500)
             from step in Gen.Choose(1, 500) // centiseconds
             from evalCost in Gen.Choose(0, 3000)
             from saveCost in Gen.Choose(0, 3000)
             from extra in Gen.Choose(1, 20_000)
             select (Total: (long)total, Every: (long)every, Eval: (long)eval, Step: step / 100m, EvalCost: evalCost / 100m, SaveCost: saveCost / 100m, Extra: (decimal)extra)).ToArbitrary(),
            x =>
            {
                var plan = Plan(x.Total, x.Every, x.Eval);
                var grace = GracePeriod.Given(30);
                var a = AllocationPlan.Create(plan, 30 + x.Extra, x.Step, x.EvalCost, x.SaveCost, grace).Value;
                Assert.Equal(0, a.Allocations[0].Start.Value);
                Assert.Equal(x.Total, a.Allocations[^1].End.Value);
                var seen = new List<long>();
                for (int i = 0; i < a.Allocations.Count; i++)
                {
                    var al = a.Allocations[i];
                    Assert.True(al.End > al.Start);
                    if (i > 0) Assert.Equal(a.Allocations[i - 1].End, al.Start);
                    // the clock before the last update is under the budget; after it, at or over it (unless it reached T)
                    decimal before = 0, after = 0;
                    for (long s = al.Start.Value + 1; s <= al.End.Value; s++)
                    {
                        before = after;
                        after += x.Step + (plan.Evaluations.Contains(new Step(s)) ? x.EvalCost : 0) + (plan.Checkpoints.Contains(new Step(s)) ? x.SaveCost : 0);
                    }
                    Assert.True(before < a.TrainSeconds, $"allocation {al.Number} was still training at {before} s");
                    if (al.End.Value < x.Total) Assert.True(after >= a.TrainSeconds, $"allocation {al.Number} stopped early at {after} s");
                    Assert.Equal(al.End.Value < x.Total && !plan.Checkpoints.Contains(al.End), al.StopCheckpoint);
                    seen.AddRange(al.Checkpoints.Select(c => c.Value));
                }
                Assert.Equal(plan.Checkpoints.Enumerate().Where(c => c.Value > 0).Select(c => c.Value), seen);
            }).QuickCheckThrowOnFailure();
}
