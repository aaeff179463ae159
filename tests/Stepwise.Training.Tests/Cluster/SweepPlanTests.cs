using FsCheck;
using FsCheck.Fluent;
using Stepwise.Training.Cluster;
using Stepwise.Training.Setup;

namespace Stepwise.Training.Tests.Cluster;

/// <summary>Sweep axes and their cross product: stable folders, every combination once, the first axis slowest.</summary>
public sealed class SweepPlanTests
{
    private static SweepAxis Sweep(string text) => SweepAxis.ParseSweep(text, RunSchema.Run).Value;

    [Fact]
    public void Values_split_at_commas_outside_brackets_and_quotes()
    {
        Assert.Equal(["[32]", "[64, 64]", "{a: 1, b: 2}"], Sweep("model.hidden=[32],[64, 64],{a: 1, b: 2}").Values);
        Assert.Equal(["'a,b'", "\"c,d\"", "e"], Sweep("data.label='a,b',\"c,d\",e").Values);
    }

    [Theory]
    [InlineData("learning_rate=0.1,0.2", "optimizer.lr")]
    [InlineData("training.learning_rate=0.1", "optimizer.lr")]
    [InlineData("seeds=1,2", "seed")]
    [InlineData("batch.size=8,16", "batch.size")]
    public void Keys_are_canonical(string text, string key) => Assert.Equal(key, Sweep(text).Key);

    [Theory]
    [InlineData("optimizer.lrr=0.1", "unknown key; did you mean 'optimizer.lr'?")]
    [InlineData("nonsense_key_here=1", "unknown key (a run config key")]
    [InlineData("seed=1,1", "the value 1 appears twice")]
    [InlineData("seed=1,,2", "an empty value")]
    [InlineData("model.hidden=[1,2", "unbalanced brackets")]
    [InlineData("data.label='a", "an unclosed ' quote")]
    [InlineData("seed", "expected key=values")]
    [InlineData("=1", "expected key=values")]
    public void Bad_sweeps_name_the_problem(string text, string fragment)
    {
        var p = SweepAxis.ParseSweep(text, RunSchema.Run);
        Assert.False(p.Success);
        Assert.Contains(fragment, p.Error, StringComparison.Ordinal);
        Assert.StartsWith("--sweep ", p.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("seeds=0..9", 10)]
    [InlineData("seed=5..5", 1)]
    [InlineData("batch.size=16..18", 3)]
    public void Arrays_are_inclusive_ranges(string text, int count)
    {
        var a = SweepAxis.ParseArray(text, RunSchema.Run).Value;
        Assert.Equal(count, a.Values.Count);
        Assert.Equal(a.Values[0], text[(text.IndexOf('=') + 1)..text.IndexOf("..", StringComparison.Ordinal)]);
    }

    [Theory]
    [InlineData("seeds=3..1", "the range is empty (3 > 1)")]
    [InlineData("seeds=a..b", "expected a range of whole numbers")]
    [InlineData("seeds=1-3", "expected a range of whole numbers")]
    [InlineData("seeds=0..20000", "more than 10000")]
    public void Bad_arrays_name_the_problem(string text, string fragment)
    {
        var p = SweepAxis.ParseArray(text, RunSchema.Run);
        Assert.False(p.Success);
        Assert.Contains(fragment, p.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_cross_product_has_every_combination_once_first_axis_slowest() =>
        Prop.ForAll(Gen.ListOf(Gen.Choose(1, 4)).Where(l => l.Count <= 4).Select(l => l.ToArray()).ToArbitrary(), sizes =>
        {
            var axes = sizes.Select((n, i) => new SweepAxis($"k{i}", Enumerable.Range(0, n).Select(v => $"v{v}").ToList())).ToList();
            var plan = SweepPlan.Expand("run", axes).Value;
            int expected = sizes.Aggregate(1, (a, b) => a * b);
            Assert.Equal(expected, plan.Tasks.Count);
            Assert.Equal(axes.Count > 0, plan.IsArray);
            Assert.Equal(plan.Tasks.Count, plan.Tasks.Select(t => string.Join(";", t.Sets)).Distinct().Count());
            for (int k = 0; k < plan.Tasks.Count; k++)
            {
                var t = plan.Tasks[k];
                Assert.Equal(k, t.Index);
                Assert.Equal(axes.Count == 0 ? "run" : $"run-{k}", t.Folder);
                // mixed-radix digits of k, the last axis fastest
                int rest = k;
                for (int i = axes.Count - 1; i >= 0; i--)
                {
                    Assert.Equal($"v{rest % sizes[i]}", t.Overrides[i].Value);
                    rest /= sizes[i];
                }
            }
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void A_key_on_two_axes_too_many_tasks_and_unusable_names_are_refused()
    {
        Assert.Contains("given on two sweep axes", SweepPlan.Expand("r", [Sweep("seed=1,2"), SweepAxis.ParseArray("seeds=0..3", RunSchema.Run).Value]).Error, StringComparison.Ordinal);
        var big = new SweepAxis("seed", Enumerable.Range(0, 200).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList());
        Assert.Contains("more than 10000", SweepPlan.Expand("r", [big, big with { Key = "batch.size" }]).Error, StringComparison.Ordinal);
        foreach (string bad in new[] { "", "a/b", "..", "50%", "x\ny", "it's \"both\"" })
            Assert.StartsWith("name = ", SweepPlan.Expand(bad, []).Error, StringComparison.Ordinal);
        Assert.True(SweepPlan.Expand("my run's \"", []).Success == false);
        Assert.True(SweepPlan.Expand("my run's", []).Success);
    }

    [Fact]
    public void Tasks_that_differ_only_in_cost_neutral_keys_share_a_cost_group()
    {
        var plan = SweepPlan.Expand("r", [Sweep("model.hidden=[8],[16]"), Sweep("optimizer.lr=0.1,0.01"), SweepAxis.ParseArray("seeds=0..2", RunSchema.Run).Value]).Value;
        var groups = plan.CostGroups();
        Assert.Equal(2, groups.Count);
        Assert.All(groups, g => Assert.Equal(6, g.Count));
        Assert.Equal(0, groups[0][0].Index);
        Assert.Equal(6, groups[1][0].Index);
        Assert.Single(SweepPlan.Expand("r", [Sweep("lr_schedule.kind=constant,cosine")]).Value.CostGroups());
    }
}
