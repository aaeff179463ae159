using System.Globalization;
using System.IO.Compression;

namespace Stepwise.Engine.Tests;

/// <summary>Bundled datasets from the repository's data/ folder.</summary>
public static class TestData
{
    /// <summary>The repository root (the folder holding Stepwise.slnx).</summary>
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Stepwise.slnx"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("Stepwise.slnx not found");
        }
    }

    /// <summary>UCI optdigits: 1,797 rows of 64 pixels scaled to [0, 1], labels 0..9.</summary>
    public static (float[] X, int[] Y) Digits()
    {
        using var gz = new GZipStream(File.OpenRead(Path.Combine(RepoRoot, "data", "digits.csv.gz")), CompressionMode.Decompress);
        using var reader = new StreamReader(gz);
        var x = new List<float>();
        var y = new List<int>();
        while (reader.ReadLine() is { } line)
        {
            string[] cells = line.Split(',');
            for (int i = 0; i < 64; i++) x.Add(float.Parse(cells[i], CultureInfo.InvariantCulture) / 16f);
            y.Add(int.Parse(cells[64], CultureInfo.InvariantCulture));
        }
        return (x.ToArray(), y.ToArray());
    }
}
