using Stepwise.Training.Data;

namespace Stepwise.Training.Tests.Data;

public class CsvLoadTests
{
    [Fact]
    public void Reads_header_features_and_last_column_labels()
    {
        using var dir = new TempFolder();
        dir.Write("iris.csv", "a, b ,label\n1,2,0\n\n3.5,-4e-1,2\n5,+6,1\n");
        var d = Load.Ok(new DataSource("csv", Path: "iris.csv", Standardize: false), baseDirectory: dir.Path);
        var t = d.Tabular!["train"];
        Assert.Equal("iris.csv", t.Name);
        Assert.Equal(["a", "b"], t.FeatureNames);
        Assert.Equal(3, t.Count);
        Assert.Equal(3, d.Classes);
        Assert.Equal([1f, 2f, 3.5f, -0.4f, 5f, 6f], t.X);
        Assert.Equal([0, 2, 1], t.Y);
        Assert.False(d.Standardized);
    }

    [Fact]
    public void Label_column_may_be_anywhere_and_bom_and_crlf_are_fine()
    {
        using var dir = new TempFolder();
        dir.Write("x.csv", [0xEF, 0xBB, 0xBF, .. "y,f1,f2\r\n1,10,20\r\n0,30,40\r\n"u8.ToArray()]);
        var d = Load.Ok(new DataSource("csv", Path: "x.csv", Label: "y", Standardize: false), baseDirectory: dir.Path);
        var t = d.Tabular!["train"];
        Assert.Equal(["f1", "f2"], t.FeatureNames);
        Assert.Equal([10f, 20f, 30f, 40f], t.X);
        Assert.Equal([1, 0], t.Y);
    }

    [Fact]
    public void Csv_is_standardized_by_default_and_classes_may_exceed_the_labels()
    {
        using var dir = new TempFolder();
        dir.Write("s.csv", "a,label\n1,0\n2,1\n3,0\n");
        var d = Load.Ok(new DataSource("csv", Path: "s.csv", Classes: 5), baseDirectory: dir.Path);
        Assert.True(d.Standardized);
        Assert.Equal(5, d.Classes);
        Assert.Equal(2.0, d.FeatureMean[0], 12);
        Assert.Equal(Math.Sqrt(2.0 / 3.0), d.FeatureScale[0], 12);
        Assert.Equal(0f, d.Tabular!["train"].X[1]);
    }

    [Fact]
    public void Absolute_path_ignores_the_base_directory()
    {
        using var dir = new TempFolder();
        dir.Write("abs.csv", "a,label\n1,0\n2,1\n");
        string full = System.IO.Path.Combine(dir.Path, "abs.csv");
        var d = Load.Ok(new DataSource("csv", Path: full), baseDirectory: "/nonexistent-base");
        Assert.Equal(2, d.TrainCount);
    }

    [Fact]
    public void Tiny_float_and_float_max_are_accepted()
    {
        using var dir = new TempFolder();
        dir.Write("m.csv", "a,label\n3.4028235e38,0\n1e-45,1\n");
        var t = Load.Ok(new DataSource("csv", Path: "m.csv", Standardize: false), baseDirectory: dir.Path).Tabular!["train"];
        Assert.Equal(float.MaxValue, t.X[0]);
        Assert.Equal(float.Epsilon, t.X[1]);
    }
}
