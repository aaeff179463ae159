using System.Globalization;

namespace Stepwise.Training.Data;

/// <summary>
/// Seeded Gaussian blobs (like scikit-learn's make_blobs): <c>classes</c> centres with coordinates uniform in
/// [−10, 10), then row i has label i mod classes (balanced) and features centre + clusterStd · N(0, 1).
/// </summary>
internal static class BlobGenerator
{
    public static TabularDataset Generate(int n, int features, int classes, double clusterStd, ulong seed)
    {
        var rng = DataStreams.For(seed, DataStreams.Blobs);
        var centres = new double[checked(classes * features)];
        for (int i = 0; i < centres.Length; i++) centres[i] = 20.0 * rng.NextDouble() - 10.0;
        var x = new float[checked(n * features)];
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            int label = i % classes;
            y[i] = label;
            for (int j = 0; j < features; j++) x[i * features + j] = (float)(centres[label * features + j] + clusterStd * PortableGaussian.Next(rng));
        }
        string[] names = [.. Enumerable.Range(0, features).Select(j => string.Create(CultureInfo.InvariantCulture, $"x{j}"))];
        return new TabularDataset("blobs", x, y, features, classes, names);
    }
}
