using Stepwise.Training.Data;

namespace Stepwise.Training.Tests.Data;

public class StandardizeTests
{
    [Fact]
    public void Statistics_come_from_the_train_split_only()
    {
        var splits = Load.Splits(("test", 0.2));
        var raw = Load.Ok(new DataSource("breast_cancer", Splits: splits, Standardize: false), seed: 4);
        var std = Load.Ok(new DataSource("breast_cancer", Splits: splits), seed: 4);
        var rawTrain = raw.Tabular!["train"];
        var rawTest = raw.Tabular["test"];
        int f = rawTrain.Features;
        for (int j = 0; j < f; j++)
        {
            double mean = Enumerable.Range(0, rawTrain.Count).Average(i => (double)rawTrain.X[i * f + j]);
            double sd = Math.Sqrt(Enumerable.Range(0, rawTrain.Count).Average(i => Math.Pow(rawTrain.X[i * f + j] - mean, 2)));
            Assert.Equal(mean, std.FeatureMean[j], 1e-9 * Math.Abs(mean) + 1e-12);
            Assert.Equal(sd, std.FeatureScale[j], 1e-9 * sd);
            Assert.Equal(0, Column(std.Tabular!["train"], j).Average(), 1e-5);
            Assert.Equal(1, StdDev(Column(std.Tabular["train"], j)), 1e-4);
            for (int i = 0; i < rawTest.Count; i += 13) Assert.Equal((float)((rawTest.X[i * f + j] - mean) / sd), std.Tabular["test"].X[i * f + j], 1e-5f);
        }
        // The test split is transformed with train statistics, so its means are not zero.
        double testMean0 = Column(std.Tabular!["test"], 0).Average();
        Assert.NotEqual(0.0, testMean0);
        Assert.True(Enumerable.Range(0, f).Max(j => Math.Abs(Column(std.Tabular["test"], j).Average())) > 0.01);
    }

    [Fact]
    public void Constant_features_are_divided_by_one()
    {
        var d = Load.Ok(new DataSource("digits", Standardize: true));
        Assert.Equal(1.0, d.FeatureScale[0]); // pixel_0_0 is always 0
        Assert.All(Column(d.Tabular!["train"], 0), v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void Standardize_false_turns_it_off_for_breast_cancer()
    {
        var d = Load.Ok(new DataSource("breast_cancer", Standardize: false));
        Assert.False(d.Standardized);
        Assert.Equal(17.99f, d.Tabular!["train"].X[0]);
    }

    private static double[] Column(TabularDataset t, int j) => [.. Enumerable.Range(0, t.Count).Select(i => (double)t.X[i * t.Features + j])];

    private static double StdDev(double[] v)
    {
        double m = v.Average();
        return Math.Sqrt(v.Average(x => (x - m) * (x - m)));
    }
}
