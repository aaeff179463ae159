namespace Stepwise.Analysis.Pruning;

/// <summary>A value over repeats: the mean, the sample standard deviation (divisor n − 1; null for one repeat) and n,
/// summed in repeat order.</summary>
/// <param name="Mean">The mean.</param>
/// <param name="Std">The sample standard deviation, or null when n = 1.</param>
/// <param name="N">The repeats it is over.</param>
public sealed record MeanStd(double Mean, double? Std, int N)
{
    /// <summary>Over the non-null <paramref name="values"/>; null when there are none.</summary>
    public static MeanStd? Of(IEnumerable<double?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        double[] v = [.. values.Where(x => x is not null).Select(x => x!.Value)];
        if (v.Length == 0) return null;
        double sum = 0;
        foreach (double x in v) sum += x;
        double mean = sum / v.Length;
        if (v.Length == 1) return new MeanStd(mean, null, 1);
        double squares = 0;
        foreach (double x in v) squares += (x - mean) * (x - mean);
        return new MeanStd(mean, Math.Sqrt(squares / (v.Length - 1)), v.Length);
    }
}
