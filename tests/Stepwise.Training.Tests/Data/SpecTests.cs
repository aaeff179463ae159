using Stepwise.Training.Data;

namespace Stepwise.Training.Tests.Data;

public class SpecTests
{
    public static TheoryData<string, DataSource, string[]> Bad => new()
    {
        { "unknown source", new DataSource("digts"), ["data.source = digts", "did you mean 'digits'?", "allowed: digits, breast_cancer, blobs, csv, text"] },
        { "empty source", new DataSource(" "), ["data.source: missing", "allowed:"] },
        { "cluster_std on digits", new DataSource("digits", ClusterStd: 0.5), ["data.cluster_std = 0.5", "does not apply to source digits", "blobs"] },
        { "label on blobs", new DataSource("blobs", Label: "y"), ["data.label = y", "does not apply to source blobs", "csv"] },
        { "context on csv", new DataSource("csv", Path: "x.csv", Context: 8), ["data.context = 8", "does not apply to source csv", "text"] },
        { "standardize on text", new DataSource("text", Standardize: true), ["data.standardize = true", "does not apply to source text"] },
        { "path on digits", new DataSource("digits", Path: "d.csv"), ["data.path = d.csv", "applies to csv, text"] },
        { "noise 1", new DataSource("blobs", LabelNoise: 1), ["data.label_noise = 1", "below 1"] },
        { "noise negative", new DataSource("blobs", LabelNoise: -0.1), ["data.label_noise = -0.1", "at least 0"] },
        { "noise NaN", new DataSource("blobs", LabelNoise: double.NaN), ["data.label_noise = NaN"] },
        { "std negative", new DataSource("blobs", ClusterStd: -1), ["data.cluster_std = -1", "≥ 0"] },
        { "classes 1", new DataSource("blobs", Classes: 1), ["data.classes = 1", "2..65536"] },
        { "features 0", new DataSource("blobs", Features: 0), ["data.features = 0", "1..1000000"] },
        { "n 0", new DataSource("blobs", N: 0), ["data.n = 0", "at least 1"] },
        { "n huge", new DataSource("blobs", N: 5_000_000_000), ["data.n = 5000000000", "too many values", "at most"] },
        { "digits features", new DataSource("digits", Features: 10), ["data.features = 10", "digits has 64 features"] },
        { "cancer classes", new DataSource("breast_cancer", Classes: 3), ["data.classes = 3", "breast_cancer has 2 classes"] },
    };

    [Theory]
    [MemberData(nameof(Bad))]
    public void Bad_keys_are_one_line_errors(string name, DataSource spec, string[] fragments)
    {
        string error = Load.Error(spec);
        foreach (string f in fragments) Assert.True(error.Contains(f, StringComparison.Ordinal), $"{name}: '{error}' lacks '{f}'");
    }

    [Fact]
    public void Source_names_ignore_case() => Assert.Equal("digits", Load.Ok(new DataSource("Digits")).Source);
}
