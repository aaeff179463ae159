using System.Runtime.CompilerServices;
namespace Stepwise.Training.Data;

/// <summary>
/// A labelled tabular dataset: <see cref="Count"/> rows of <see cref="Features"/> float32 features, row-major, and one
/// integer label per row in 0..<see cref="Classes"/>−1. The arrays are exposed for speed; treat them as read-only.
/// </summary>
public sealed class TabularDataset
{
    /// <summary>Wraps the given arrays (not copied) after checking their shapes and label range.</summary>
    /// <param name="name">"digits", "breast_cancer", "blobs", or the CSV file name.</param>
    /// <param name="x">Features, (count, features) row-major.</param>
    /// <param name="y">Labels, (count), each in 0..classes−1.</param>
    /// <param name="features">Features per row, ≥ 1.</param>
    /// <param name="classes">Number of classes, ≥ 1.</param>
    /// <param name="featureNames">One name per feature.</param>
    /// <exception cref="ArgumentException">A shape does not match or a label is out of range.</exception>
    public TabularDataset(string name, float[] x, int[] y, int features, int classes, IReadOnlyList<string> featureNames)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(featureNames);
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        if ((long)y.Length * features != x.Length) throw new ArgumentException($"x has {x.Length} values, expected {y.Length} rows × {features} features", nameof(x));
        if (featureNames.Count != features) throw new ArgumentException($"{featureNames.Count} feature names for {features} features", nameof(featureNames));
        for (int i = 0; i < y.Length; i++)
        {
            if (y[i] < 0 || y[i] >= classes) throw new ArgumentException($"label {y[i]} at row {i} is outside 0..{classes - 1}", nameof(y));
        }
        Name = name;
        X = x;
        Y = y;
        Features = features;
        Classes = classes;
        FeatureNames = featureNames;
    }

    /// <summary>"digits", "breast_cancer", "blobs", or the CSV file name.</summary>
    public string Name { get; }

    /// <summary>Rows.</summary>
    public int Count => Y.Length;

    /// <summary>Features per row.</summary>
    public int Features { get; }

    /// <summary>Number of classes; labels are 0..Classes−1 (a split may not contain every class).</summary>
    public int Classes { get; }

    /// <summary>Features, (Count, Features) row-major.</summary>
    public float[] X { get; }

    /// <summary>Labels, (Count).</summary>
    public int[] Y { get; }

    /// <summary>One name per feature (CSV header names; <c>pixel_r_c</c> for digits; <c>x0</c>… for blobs).</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>The features of one row, (Features).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is outside 0..Count−1.</exception>
    public ReadOnlySpan<float> Row(int row)
    {
        if (row < 0 || row >= Count) throw new ArgumentOutOfRangeException(nameof(row), row, $"must be in 0..{Count - 1}");
        return X.AsSpan(row * Features, Features);
    }

    /// <summary>A new dataset holding copies of <paramref name="rows"/> in the given order (repeats allowed).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A row is outside 0..Count−1.</exception>
    public TabularDataset Subset(string name, ReadOnlySpan<int> rows)
    {
        var x = new float[checked(rows.Length * Features)];
        var y = new int[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            Row(rows[i]).CopyTo(x.AsSpan(i * Features, Features));
            y[i] = Y[rows[i]];
        }
        return new TabularDataset(name, x, y, Features, Classes, FeatureNames);
    }

    /// <summary>Gathers <paramref name="rows"/> (any order, repeats allowed) into a batch.</summary>
    /// <param name="rows">Row indices, each in 0..Count−1.</param>
    /// <param name="x">Receives (rows.Length, Features) features.</param>
    /// <param name="y">Receives (rows.Length) labels.</param>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A row is outside 0..Count−1.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void CopyBatch(ReadOnlySpan<long> rows, Span<float> x, Span<int> y)
    {
        if (x.Length != (long)rows.Length * Features) throw new ArgumentException($"x has {x.Length} values, expected {rows.Length} rows × {Features} features", nameof(x));
        if (y.Length != rows.Length) throw new ArgumentException($"y has {y.Length} values, expected {rows.Length}", nameof(y));
        for (int i = 0; i < rows.Length; i++)
        {
            long r = rows[i];
            if (r < 0 || r >= Count) throw new ArgumentOutOfRangeException(nameof(rows), r, $"row must be in 0..{Count - 1}");
            X.AsSpan((int)r * Features, Features).CopyTo(x.Slice(i * Features, Features));
            y[i] = Y[(int)r];
        }
    }
}
