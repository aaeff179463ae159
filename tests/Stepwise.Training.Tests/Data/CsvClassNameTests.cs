using Stepwise.Training.Data;

namespace Stepwise.Training.Tests.Data;

/// <summary>String class labels: sorted ordinal ids, exposed as <see cref="LoadedData.ClassNames"/>.</summary>
public class CsvClassNameTests
{
    private const string Iris = "sepal,petal,species\n1,2,setosa\n2,3,virginica\n3,4,versicolor\n4,5,setosa\n5,6,virginica\n6,7,versicolor\n";

    [Fact]
    public void Names_map_to_ids_in_sorted_ordinal_order()
    {
        using var dir = new TempFolder();
        dir.Write("iris.csv", Iris);
        var d = Load.Ok(new DataSource("csv", Path: "iris.csv"), baseDirectory: dir.Path);
        Assert.Equal(["setosa", "versicolor", "virginica"], d.ClassNames);
        Assert.Equal(3, d.Classes);
        Assert.Equal([0, 2, 1, 0, 2, 1], d.Tabular!["train"].Y);
    }

    [Fact]
    public void Ids_do_not_depend_on_row_order_and_ordinal_sorts_capitals_first()
    {
        using var dir = new TempFolder();
        dir.Write("a.csv", "x,label\n1,b\n2,B\n3,a\n");
        dir.Write("b.csv", "x,label\n3,a\n2,B\n1,b\n");
        var a = Load.Ok(new DataSource("csv", Path: "a.csv", Standardize: false), baseDirectory: dir.Path);
        var b = Load.Ok(new DataSource("csv", Path: "b.csv", Standardize: false), baseDirectory: dir.Path);
        Assert.Equal(["B", "a", "b"], a.ClassNames);
        Assert.Equal(a.ClassNames, b.ClassNames);
        Assert.Equal([2, 0, 1], a.Tabular!["train"].Y);
        Assert.Equal([1, 0, 2], b.Tabular!["train"].Y);
    }

    [Fact]
    public void Every_split_shares_the_names_and_the_fingerprint_covers_them()
    {
        using var dir = new TempFolder();
        dir.Write("iris.csv", Iris);
        dir.Write("renamed.csv", Iris.Replace("setosa", "Setosa", StringComparison.Ordinal));
        var d = Load.Ok(new DataSource("csv", Path: "iris.csv", Splits: Load.Splits(("val", 0.34))), baseDirectory: dir.Path);
        Assert.Equal(3, d.Tabular!["val"].Classes);
        Assert.Equal(3, d.Tabular["train"].Classes);
        // Renaming a class whose sorted position does not change keeps every id, yet the fingerprint differs.
        var r = Load.Ok(new DataSource("csv", Path: "renamed.csv", Splits: Load.Splits(("val", 0.34))), baseDirectory: dir.Path);
        Assert.Equal(d.Tabular["train"].Y, r.Tabular!["train"].Y);
        Assert.NotEqual(d.Fingerprint, r.Fingerprint);
    }

    [Fact]
    public void Numeric_labels_have_no_names_and_breast_cancer_has_sklearn_target_names()
    {
        using var dir = new TempFolder();
        dir.Write("n.csv", "a,label\n1,0\n2,1\n");
        Assert.Null(Load.Ok(new DataSource("csv", Path: "n.csv"), baseDirectory: dir.Path).ClassNames);
        Assert.Null(Load.Ok(new DataSource("digits")).ClassNames);
        Assert.Equal(["malignant", "benign"], Load.Ok(new DataSource("breast_cancer")).ClassNames);
    }

    [Fact]
    public void Label_noise_flips_to_other_named_classes()
    {
        using var dir = new TempFolder();
        dir.Write("iris.csv", Iris);
        var d = Load.Ok(new DataSource("csv", Path: "iris.csv", LabelNoise: 0.5), baseDirectory: dir.Path);
        Assert.Equal(3, d.NoisyIndices.Count);
        Assert.All(d.Tabular!["train"].Y, y => Assert.InRange(y, 0, 2));
    }
}
