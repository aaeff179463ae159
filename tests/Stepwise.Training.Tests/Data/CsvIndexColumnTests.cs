using Stepwise.Training.Data;

namespace Stepwise.Training.Tests.Data;

/// <summary><c>data.index_column</c>: a pandas index (or any column) skipped by position or name.</summary>
public class CsvIndexColumnTests
{
    private const string Pandas = ",a,b,label\n0,1,2,0\n1,3,4,1\n2,5,6,0\n";

    [Theory]
    [InlineData("0")]
    [InlineData(" 0 ")]
    public void An_unnamed_first_column_is_skipped_by_position(string index)
    {
        using var dir = new TempFolder();
        dir.Write("p.csv", Pandas);
        var d = Load.Ok(new DataSource("csv", Path: "p.csv", Standardize: false, IndexColumn: index), baseDirectory: dir.Path);
        Assert.Equal(["a", "b"], d.Tabular!["train"].FeatureNames);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], d.Tabular["train"].X);
        Assert.Empty(d.Notes);
    }

    [Fact]
    public void A_named_index_is_skipped_by_name_and_its_cells_are_never_parsed()
    {
        using var dir = new TempFolder();
        dir.Write("n.csv", "a,id,label\n1,row-1,0\n2,\"row,2\",1\n");
        var d = Load.Ok(new DataSource("csv", Path: "n.csv", Standardize: false, IndexColumn: "id"), baseDirectory: dir.Path);
        Assert.Equal(["a"], d.Tabular!["train"].FeatureNames);
        Assert.Equal([1f, 2f], d.Tabular["train"].X);
    }

    [Fact]
    public void Skipping_the_index_gives_the_fingerprint_of_the_file_without_it()
    {
        using var dir = new TempFolder();
        dir.Write("p.csv", Pandas);
        dir.Write("plain.csv", "a,b,label\n1,2,0\n3,4,1\n5,6,0\n");
        Assert.Equal(Load.Ok(new DataSource("csv", Path: "plain.csv"), baseDirectory: dir.Path).Fingerprint,
            Load.Ok(new DataSource("csv", Path: "p.csv", IndexColumn: "0"), baseDirectory: dir.Path).Fingerprint);
    }

    [Fact]
    public void A_column_named_like_pandas_unnamed_still_loads_as_before_with_a_note()
    {
        using var dir = new TempFolder();
        dir.Write("u.csv", "Unnamed: 0,a,label\n0,1,0\n1,3,1\n");
        var d = Load.Ok(new DataSource("csv", Path: "u.csv"), baseDirectory: dir.Path);
        Assert.Equal(["Unnamed: 0", "a"], d.Tabular!["train"].FeatureNames);
        var note = Assert.Single(d.Notes);
        Assert.Contains("u.csv column 1 'Unnamed: 0' looks like a pandas index column", note, StringComparison.Ordinal);
        Assert.Contains("set data.index_column: 'Unnamed: 0'", note, StringComparison.Ordinal);
        var skipped = Load.Ok(new DataSource("csv", Path: "u.csv", IndexColumn: "Unnamed: 0"), baseDirectory: dir.Path);
        Assert.Equal(["a"], skipped.Tabular!["train"].FeatureNames);
        Assert.Empty(skipped.Notes);
    }

    [Theory]
    [InlineData("3,a,label", "4", "data.index_column = 4: t.csv has 3 columns, positions 0..2")]
    [InlineData("id,a,label", "idx", "data.index_column = idx: no such column in t.csv (line 1); did you mean 'id'?")]
    [InlineData("a,b,id", "id", "data.index_column = id: is the last column of t.csv, where the label is by default; set data.label")]
    [InlineData("id,label", "0", "t.csv line 1 (header): only one column ('label') besides the index column")]
    [InlineData(",a,,label", "0", "t.csv line 1 (header): column 3 has no name")]
    public void Bad_index_columns_are_one_line(string header, string index, string message)
    {
        using var dir = new TempFolder();
        dir.Write("t.csv", header + "\n1,2,3,0\n");
        Assert.StartsWith(message, Load.Error(new DataSource("csv", Path: "t.csv", IndexColumn: index), baseDirectory: dir.Path), StringComparison.Ordinal);
    }

    [Fact]
    public void Index_column_is_only_for_csv_and_not_empty()
    {
        Assert.Contains("data.index_column = 0: does not apply to source digits", Load.Error(new DataSource("digits", IndexColumn: "0")), StringComparison.Ordinal);
        Assert.Contains("data.index_column: empty", Load.Error(new DataSource("csv", Path: "t.csv", IndexColumn: " ")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_label_cannot_be_the_index()
    {
        using var dir = new TempFolder();
        dir.Write("t.csv", "id,a,label\n1,2,0\n");
        Assert.StartsWith("data.label = id: is also data.index_column", Load.Error(new DataSource("csv", Path: "t.csv", Label: "id", IndexColumn: "id"), baseDirectory: dir.Path), StringComparison.Ordinal);
    }
}
