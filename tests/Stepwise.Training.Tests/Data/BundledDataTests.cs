using Stepwise.Training.Data;

namespace Stepwise.Training.Tests.Data;

public class BundledDataTests
{
    [Fact]
    public void Digits_has_1797_rows_of_64_pixels_in_unit_range_and_ten_classes()
    {
        var d = Load.Ok(new DataSource("digits"));
        var t = d.Tabular!["train"];
        Assert.Equal(["train"], d.SplitNames);
        Assert.Equal("digits", t.Name);
        Assert.Equal((1797, 64, 10), (t.Count, t.Features, t.Classes));
        Assert.Equal(1797L, d.TrainCount);
        Assert.All(t.X, v => Assert.InRange(v, 0f, 1f));
        Assert.Equal(1f, t.X.Max());
        Assert.Equal(Enumerable.Range(0, 10), t.Y.Distinct().Order());
        Assert.Equal("pixel_0_0", t.FeatureNames[0]);
        Assert.Equal("pixel_7_7", t.FeatureNames[63]);
        Assert.False(d.Standardized);
        Assert.Empty(d.NoisyIndices);
        Assert.Equal(Enumerable.Range(0, 1797), d.SourceRows["train"]);
    }

    [Fact]
    public void Digits_matches_the_engine_tests_parse_of_the_csv()
    {
        var t = Load.Ok(new DataSource("digits")).Tabular!["train"];
        // Row 0 of data/digits.csv.gz: 0,0,5,13,9,1,0,0,… label 0.
        Assert.Equal([0f, 0f, 5f / 16, 13f / 16, 9f / 16, 1f / 16, 0f, 0f], t.X[..8]);
        Assert.Equal(0, t.Y[0]);
        Assert.Equal(1, t.Y[1]);
    }

    [Fact]
    public void Breast_cancer_has_569_rows_30_features_two_classes_standardized()
    {
        var d = Load.Ok(new DataSource("breast_cancer"));
        var t = d.Tabular!["train"];
        Assert.Equal((569, 30, 2), (t.Count, t.Features, t.Classes));
        Assert.Equal(357, t.Y.Count(y => y == 1));
        Assert.Equal(212, t.Y.Count(y => y == 0));
        Assert.Equal("mean radius", t.FeatureNames[0]);
        Assert.Equal("radius error", t.FeatureNames[10]);
        Assert.Equal("worst fractal dimension", t.FeatureNames[29]);
        Assert.True(d.Standardized);
        Assert.Equal(14.1273, d.FeatureMean[0], 4);
    }

    [Fact]
    public void Fingerprint_is_stable_per_seed_and_changes_with_the_split()
    {
        var splits = Load.Splits(("val", 0.2));
        string a = Load.Ok(new DataSource("digits", Splits: splits), seed: 5).Fingerprint;
        string b = Load.Ok(new DataSource("digits", Splits: splits), seed: 5).Fingerprint;
        string c = Load.Ok(new DataSource("digits", Splits: splits), seed: 6).Fingerprint;
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Matches("^[0-9a-f]{64}$", a);
        // Without splits the seed plays no part.
        Assert.Equal(Load.Ok(new DataSource("digits"), seed: 1).Fingerprint, Load.Ok(new DataSource("digits"), seed: 2).Fingerprint);
    }

    [Fact]
    public void Fingerprint_changes_with_noise_standardization_and_split_names()
    {
        string plain = Load.Ok(new DataSource("digits", Splits: Load.Splits(("val", 0.2)))).Fingerprint;
        Assert.NotEqual(plain, Load.Ok(new DataSource("digits", Splits: Load.Splits(("test", 0.2)))).Fingerprint);
        Assert.NotEqual(plain, Load.Ok(new DataSource("digits", Splits: Load.Splits(("val", 0.2)), Standardize: true)).Fingerprint);
        Assert.NotEqual(plain, Load.Ok(new DataSource("digits", Splits: Load.Splits(("val", 0.2)), LabelNoise: 0.01)).Fingerprint);
    }

    [Fact]
    public void Digits_fingerprint_is_pinned()
    {
        // A regression pin of the fingerprint encoding (docs/data.md) over the bundled digits, no splits.
        Assert.Equal(DigitsFingerprint, Load.Ok(new DataSource("digits")).Fingerprint);
    }

    private const string DigitsFingerprint = "4e760aa0f90204776d8560eef79101a06c76a2777bac84a22c6124927d3aa5b0";

    [Fact]
    public void N_takes_a_seeded_subset_before_splitting()
    {
        var d = Load.Ok(new DataSource("digits", N: 100, Splits: Load.Splits(("val", 0.1))), seed: 3);
        Assert.Equal(90, d.TrainCount);
        Assert.Equal(10, d.Tabular!["val"].Count);
        var all = d.SourceRows["train"].Concat(d.SourceRows["val"]).ToArray();
        Assert.Equal(100, all.Distinct().Count());
        Assert.All(all, r => Assert.InRange(r, 0, 1796));
        Assert.Contains("data.n = 2000: digits has 1797 rows", Load.Error(new DataSource("digits", N: 2000)));
    }

    [Fact]
    public void Split_rows_are_the_source_rows()
    {
        var full = Load.Ok(new DataSource("digits")).Tabular!["train"];
        var d = Load.Ok(new DataSource("digits", Splits: Load.Splits(("val", 0.25), ("test", 0.25))), seed: 9);
        foreach (string split in d.SplitNames)
        {
            var part = d.Tabular![split];
            var rows = d.SourceRows[split];
            for (int i = 0; i < part.Count; i += 37)
            {
                Assert.Equal(full.Row(rows[i]).ToArray(), part.Row(i).ToArray());
                Assert.Equal(full.Y[rows[i]], part.Y[i]);
            }
        }
    }
}
