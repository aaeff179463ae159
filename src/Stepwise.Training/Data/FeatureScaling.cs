namespace Stepwise.Training.Data;

/// <summary>
/// Standardization fitted on the train split: per feature, the mean and the population standard deviation
/// (divisor n, as scikit-learn's StandardScaler), with 1 in place of a zero deviation. Sums run in double, row order.
/// </summary>
internal sealed class FeatureScaling
{
    private FeatureScaling(double[] mean, double[] scale)
    {
        Mean = mean;
        Scale = scale;
    }

    public double[] Mean { get; }

    public double[] Scale { get; }

    public static FeatureScaling Fit(TabularDataset train)
    {
        int f = train.Features;
        int n = train.Count;
        var mean = new double[f];
        var scale = new double[f];
        for (int i = 0; i < n; i++) for (int j = 0; j < f; j++) mean[j] += train.X[i * f + j];
        for (int j = 0; j < f; j++) mean[j] /= n;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < f; j++)
            {
                double d = train.X[i * f + j] - mean[j];
                scale[j] += d * d;
            }
        }
        for (int j = 0; j < f; j++)
        {
            double sd = Math.Sqrt(scale[j] / n);
            scale[j] = sd > 0 ? sd : 1.0;
        }
        return new FeatureScaling(mean, scale);
    }

    /// <summary>A copy of <paramref name="data"/> with (x − mean) / scale per feature.</summary>
    public TabularDataset Apply(TabularDataset data)
    {
        int f = data.Features;
        var x = new float[data.X.Length];
        for (int i = 0; i < x.Length; i++) x[i] = (float)((data.X[i] - Mean[i % f]) / Scale[i % f]);
        return new TabularDataset(data.Name, x, data.Y, f, data.Classes, data.FeatureNames);
    }
}
