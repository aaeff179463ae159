using FsCheck;
using FsCheck.Fluent;
using Stepwise.Training.Data;

namespace Stepwise.Training.Tests.Data;

public class SplitTests
{
    [Fact]
    public void Splits_are_a_partition_with_floor_sizes_and_train_the_rest()
    {
        var gen =
            from n in Gen.Choose(1, 400)
            from k in Gen.Choose(0, 3)
            from permille in Gen.ArrayOf(Gen.Choose(1, 400), k)
            from seed in Gen.Choose(0, int.MaxValue)
            select (n, permille, seed);
        Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var (n, permille, seed) = c;
            var splits = permille.Select((p, i) => ($"s{i}", p / 1000.0)).ToDictionary(s => s.Item1, s => s.Item2);
            var plan = SplitPlanner.Plan(n, null, splits, (ulong)seed, "test");
            int[] sizes = [.. permille.Select(p => p * n / 1000)];
            if (sizes.Any(s => s == 0) || sizes.Sum() >= n || permille.Sum() >= 1000) return !plan.Success;
            if (!plan.Success) return false;
            var p = plan.Value;
            bool names = p.Names.SequenceEqual(["train", .. splits.Keys]);
            bool partition = p.Rows.SelectMany(r => r).Order().SequenceEqual(Enumerable.Range(0, n));
            bool exactSizes = p.Rows.Skip(1).Select(r => r.Length).SequenceEqual(sizes) && p.Rows[0].Length == n - sizes.Sum();
            bool sorted = p.Rows.All(r => r.SequenceEqual(r.Order()));
            return names && partition && exactSizes && sorted;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Sizes_use_the_fraction_as_written()
    {
        // 0.29 · 100 is 28.999999999999996 in binary floating point; the planner uses the decimal 0.29 → 29 rows.
        var plan = SplitPlanner.Plan(100, null, Load.Splits(("val", 0.29)), 1, "t").Value;
        Assert.Equal(29, plan.Rows[1].Length);
        Assert.Equal(71, plan.Rows[0].Length);
    }

    [Fact]
    public void Split_order_follows_the_config_and_the_shuffle_follows_the_seed()
    {
        var d1 = Load.Ok(new DataSource("blobs", N: 100, Splits: Load.Splits(("test", 0.1), ("val", 0.2))), seed: 1);
        Assert.Equal(["train", "test", "val"], d1.SplitNames);
        Assert.Equal((70, 10, 20), (d1.Tabular!["train"].Count, d1.Tabular["test"].Count, d1.Tabular["val"].Count));
        var d2 = Load.Ok(new DataSource("blobs", N: 100, Splits: Load.Splits(("test", 0.1), ("val", 0.2))), seed: 2);
        Assert.NotEqual(d1.SourceRows["test"], d2.SourceRows["test"]);
    }

    public static TheoryData<string, (string, double)[], string[]> Bad => new()
    {
        { "zero", [("val", 0.0)], ["data.splits.val = 0", "above 0 and below 1"] },
        { "negative", [("val", -0.1)], ["data.splits.val = -0.1", "above 0 and below 1"] },
        { "one", [("val", 1.0)], ["data.splits.val = 1", "below 1"] },
        { "NaN", [("val", double.NaN)], ["data.splits.val = NaN", "above 0"] },
        { "sum one", [("val", 0.5), ("test", 0.5)], ["data.splits", "sum to 1", "less than 1"] },
        { "sum above one", [("val", 0.7), ("test", 0.4)], ["sum to 1.1", "train keeps the rest"] },
        { "train named", [("train", 0.2)], ["data.splits.train", "remainder"] },
        { "case duplicate", [("val", 0.2), ("VAL", 0.1)], ["data.splits.VAL", "twice"] },
        { "bad name", [("my split", 0.2)], ["'my split'", "letters, digits"] },
        { "rounds to zero", [("val", 0.001)], ["data.splits.val = 0.001", "is 0 rows", "fraction ≥ 0.01"] },
    };

    [Theory]
    [MemberData(nameof(Bad))]
    public void Bad_splits_are_one_line_errors(string name, (string, double)[] splits, string[] fragments)
    {
        string error = Load.Error(new DataSource("blobs", N: 100, Splits: Load.Splits(splits)));
        foreach (string f in fragments) Assert.True(error.Contains(f, StringComparison.Ordinal), $"{name}: '{error}' lacks '{f}'");
    }
}
