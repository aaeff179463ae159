using System.Globalization;
using System.IO.Compression;

namespace Stepwise.Training.Data;

/// <summary>The datasets embedded in this assembly (see data/LICENSES.md).</summary>
internal static class BundledData
{
    private static readonly string[] CancerNames =
    [
        "radius", "texture", "perimeter", "area", "smoothness", "compactness", "concavity", "concave points", "symmetry", "fractal dimension",
    ];

    /// <summary>breast_cancer's class names by label, as scikit-learn's <c>target_names</c>.</summary>
    public static readonly IReadOnlyList<string> BreastCancerClassNames = Array.AsReadOnly(["malignant", "benign"]);

    /// <summary>UCI optdigits: 1,797 rows of 8×8 pixels 0..16 scaled by 1/16 into [0, 1]; labels 0..9.</summary>
    public static TabularDataset Digits()
    {
        using var gz = new GZipStream(Open("Stepwise.Data.digits.csv.gz"), CompressionMode.Decompress);
        var (x, y) = ReadRows(gz, 64, skipFirstLine: false, scale: 1f / 16f);
        string[] names = [.. Enumerable.Range(0, 64).Select(i => string.Create(CultureInfo.InvariantCulture, $"pixel_{i / 8}_{i % 8}"))];
        return new TabularDataset("digits", x, y, 64, 10, names);
    }

    /// <summary>Breast Cancer Wisconsin (Diagnostic): 569 rows of 30 raw features; labels 0 malignant, 1 benign.</summary>
    public static TabularDataset BreastCancer()
    {
        using var stream = Open("Stepwise.Data.breast_cancer.csv");
        var (x, y) = ReadRows(stream, 30, skipFirstLine: true, scale: 1f);
        string[] names = [.. new[] { "mean", "error", "worst" }.SelectMany(group => CancerNames.Select(n => group == "error" ? $"{n} error" : $"{group} {n}"))];
        return new TabularDataset("breast_cancer", x, y, 30, 2, names);
    }

    private static Stream Open(string resource) =>
        typeof(BundledData).Assembly.GetManifestResourceStream(resource)
        ?? throw new InvalidOperationException($"embedded resource {resource} is missing from {typeof(BundledData).Assembly.GetName().Name}");

    private static (float[] X, int[] Y) ReadRows(Stream stream, int features, bool skipFirstLine, float scale)
    {
        using var reader = new StreamReader(stream);
        if (skipFirstLine) reader.ReadLine();
        var x = new List<float>();
        var y = new List<int>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            string[] cells = line.Split(',');
            if (cells.Length != features + 1) throw new InvalidDataException($"bundled data row {y.Count + 1} has {cells.Length} cells, expected {features + 1}");
            for (int i = 0; i < features; i++) x.Add(float.Parse(cells[i], CultureInfo.InvariantCulture) * scale);
            y.Add(int.Parse(cells[features], CultureInfo.InvariantCulture));
        }
        return ([.. x], [.. y]);
    }
}
