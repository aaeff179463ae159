using Stepwise.Training.Data;

namespace Stepwise.Training.Tests.Data;

public class DatasetTests
{
    private static TabularDataset Small() => new("s", [0, 1, 10, 11, 20, 21], [0, 1, 2], 2, 3, ["a", "b"]);

    [Fact]
    public void Subset_copies_rows_in_the_given_order_with_repeats()
    {
        var s = Small().Subset("sub", [2, 0, 2]);
        Assert.Equal("sub", s.Name);
        Assert.Equal([20f, 21, 0, 1, 20, 21], s.X);
        Assert.Equal([2, 0, 2], s.Y);
        Assert.Equal(3, s.Classes);
        s.X[0] = 99;
        Assert.Equal(20f, Small().X[4]);
    }

    [Fact]
    public void CopyBatch_gathers_rows_and_checks_sizes()
    {
        var d = Small();
        var x = new float[4];
        var y = new int[2];
        d.CopyBatch([1, 1], x, y);
        Assert.Equal([10f, 11, 10, 11], x);
        Assert.Equal([1, 1], y);
        Assert.Throws<ArgumentException>(() => d.CopyBatch([1], x, y));
        Assert.Throws<ArgumentOutOfRangeException>(() => d.CopyBatch([3, 0], x, y));
        Assert.Throws<ArgumentOutOfRangeException>(() => d.CopyBatch([-1, 0], x, y));
    }

    [Fact]
    public void Constructor_checks_shapes_and_labels()
    {
        Assert.Throws<ArgumentException>(() => new TabularDataset("s", [0, 1, 2], [0, 1], 2, 2, ["a", "b"]));
        Assert.Throws<ArgumentException>(() => new TabularDataset("s", [0, 1], [2], 2, 2, ["a", "b"]));
        Assert.Throws<ArgumentException>(() => new TabularDataset("s", [0, 1], [0], 2, 2, ["a"]));
    }

    [Fact]
    public void Sequence_subset_and_batch()
    {
        var v = TextVocabulary.Bytes;
        var s = new SequenceDataset("q", [1, 2, 3, 4, 5, 6], [2, 3, -1, 5, 6, -1], 3, v);
        Assert.Equal(2, s.Count);
        var sub = s.Subset("r", [1]);
        Assert.Equal([4, 5, 6], sub.Inputs);
        Assert.Equal([5, 6, -1], sub.Targets);
        var inputs = new int[6];
        var targets = new int[6];
        s.CopyBatch([1, 0], inputs, targets);
        Assert.Equal([4, 5, 6, 1, 2, 3], inputs);
        Assert.Equal([5, 6, -1, 2, 3, -1], targets);
        Assert.Throws<ArgumentException>(() => s.CopyBatch([1], inputs, targets));
        Assert.Throws<ArgumentOutOfRangeException>(() => s.CopyBatch([2, 0], inputs, targets));
        Assert.Throws<ArgumentException>(() => new SequenceDataset("q", [1, 2], [1, -2], 2, v));
        Assert.Throws<ArgumentException>(() => new SequenceDataset("q", [1, 2, 3], [1, 2, 3], 2, v));
    }

    [Fact]
    public void Loaded_data_reports_shape_and_one_kind()
    {
        var d = Load.Ok(new DataSource("blobs", N: 10, Features: 3, Classes: 4));
        Assert.NotNull(d.Tabular);
        Assert.Null(d.Sequences);
        Assert.Null(d.Vocabulary);
        Assert.Equal((3, 4, 0, 0, 10L), (d.Features, d.Classes, d.Vocab, d.Context, d.TrainCount));
    }
}
