using System.Globalization;

namespace Stepwise.Training.Data;

/// <summary>
/// Flips exactly k = round-half-even(rate · n_train) train labels (rate as written, exact decimal arithmetic): k
/// distinct rows drawn uniformly (partial Fisher–Yates), then, in ascending row order, each gets a label drawn
/// uniformly from the other classes, so every recorded row really changed. Other splits keep their labels.
/// </summary>
internal static class LabelNoise
{
    public static long FlipCount(double rate, int trainRows)
    {
        if (!decimal.TryParse(rate.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture, out decimal exact)) exact = 0m;
        return (long)decimal.Round(exact * trainRows, 0, MidpointRounding.ToEven);
    }

    public static (TabularDataset Train, LabelNoiseResult Noise) Apply(TabularDataset train, double rate, ulong seed)
    {
        int n = train.Count;
        int k = (int)FlipCount(rate, n);
        if (k == 0 || train.Classes < 2) return (train, LabelNoiseResult.None);
        var rng = DataStreams.For(seed, DataStreams.LabelNoise);
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        for (int i = 0; i < k; i++)
        {
            int j = i + (int)rng.NextLong(n - i);
            (order[i], order[j]) = (order[j], order[i]);
        }
        int[] chosen = order[..k];
        Array.Sort(chosen);
        int[] y = (int[])train.Y.Clone();
        var original = new int[k];
        for (int i = 0; i < k; i++)
        {
            int row = chosen[i];
            original[i] = y[row];
            y[row] = (int)((y[row] + 1 + rng.NextLong(train.Classes - 1)) % train.Classes);
        }
        var noisy = new TabularDataset(train.Name, train.X, y, train.Features, train.Classes, train.FeatureNames);
        return (noisy, new LabelNoiseResult([.. chosen.Select(r => (long)r)], original));
    }
}
