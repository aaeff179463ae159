using FsCheck;
using FsCheck.Fluent;
using Stepwise.Training.Data;

namespace Stepwise.Training.Tests.Data;

/// <summary><c>data.exclude_rows</c>: the train rows that stay are exactly those of the same data without the key
/// (features after scaling, labels after noise, source rows), renumbered in order, with the noise record renumbered;
/// the other splits are untouched; bad lists are one line.</summary>
public class ExcludeRowsTests
{
    private static readonly DataSource Noisy = new("breast_cancer", Splits: Load.Splits(("val", 0.2), ("test", 0.2)), LabelNoise: 0.3);

    [Fact]
    public void The_kept_rows_are_the_full_splits_rows_renumbered_with_their_noise()
    {
        var full = Load.Ok(Noisy, seed: 5);
        int n = (int)full.TrainCount;
        Prop.ForAll(Gen.Choose(0, n - 1).ArrayOf().Select(a => a.Distinct().Take(n - 1).Select(i => (long)i).ToArray()).ToArbitrary(), excluded =>
        {
            var cut = Load.Ok(Noisy with { ExcludeRows = excluded }, seed: 5);
            var kept = Enumerable.Range(0, n).Where(j => !excluded.Contains(j)).ToArray();
            var a = full.Tabular!["train"];
            var b = cut.Tabular!["train"];
            return b.Count == kept.Length
                && kept.Select(j => a.Y[j]).SequenceEqual(b.Y)
                && kept.SelectMany(j => a.Row(j).ToArray()).SequenceEqual(b.X)
                && kept.Select(j => full.SourceRows["train"][j]).SequenceEqual(cut.SourceRows["train"])
                && full.NoisyIndices.Where(j => !excluded.Contains(j)).Select(j => (long)Array.IndexOf(kept, (int)j)).SequenceEqual(cut.NoisyIndices)
                && full.NoisyIndices.Select((j, i) => (j, i)).Where(p => !excluded.Contains(p.j)).Select(p => full.NoisyOriginalLabels[p.i]).SequenceEqual(cut.NoisyOriginalLabels)
                && full.Tabular["test"].Y.SequenceEqual(cut.Tabular["test"].Y) && full.Tabular["val"].X.SequenceEqual(cut.Tabular["val"].X)
                && full.FeatureMean.SequenceEqual(cut.FeatureMean);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Text_windows_can_be_excluded_too()
    {
        var spec = new DataSource("text", Context: 16, Splits: Load.Splits(("val", 0.1)));
        var full = Load.Ok(spec);
        var cut = Load.Ok(spec with { ExcludeRows = [0, 2] });
        Assert.Equal(full.TrainCount - 2, cut.TrainCount);
        Assert.Equal(full.SourceRows["train"].Where((_, i) => i is not (0 or 2)), cut.SourceRows["train"]);
    }

    [Theory]
    [InlineData(new long[] { 5, 5 }, "data.exclude_rows: row 5 is listed twice; list each train row once")]
    [InlineData(new long[] { 100000 }, "data.exclude_rows: row 100000 is not a train row (the train split has rows 0..")]
    public void Bad_lists_are_one_line(long[] rows, string expected)
    {
        Assert.StartsWith(expected, Load.Error(Noisy with { ExcludeRows = rows }), StringComparison.Ordinal);
    }

    [Fact]
    public void Excluding_every_row_is_refused()
    {
        var full = Load.Ok(Noisy);
        long[] all = [.. Enumerable.Range(0, (int)full.TrainCount).Select(i => (long)i)];
        Assert.StartsWith($"data.exclude_rows: lists all {full.TrainCount} train rows; at least one must stay", Load.Error(Noisy with { ExcludeRows = all }), StringComparison.Ordinal);
    }
}
