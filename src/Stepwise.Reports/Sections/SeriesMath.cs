namespace Stepwise.Reports.Sections;

/// <summary>The smoothing the training charts apply, stated on each chart.</summary>
internal static class SeriesMath
{
    /// <summary>The EMA span (in logged rows) for a series of <paramref name="rows"/> rows: about 3 % of them, 2 to 1,000.</summary>
    public static int Span(int rows) => Math.Clamp((int)Math.Round(rows / 30.0), 2, 1000);

    /// <summary>An exponential moving average with span <paramref name="span"/> (weight 1 − 2/(span+1) on the past),
    /// debiased at the start as TensorBoard's is; NaN values stay NaN and do not move the average.</summary>
    public static double[] Ema(IReadOnlyList<double> y, int span)
    {
        double w = 1 - 2.0 / (span + 1);
        var result = new double[y.Count];
        double last = 0, weight = 1;
        for (int i = 0; i < y.Count; i++)
        {
            if (!double.IsFinite(y[i]))
            {
                result[i] = double.NaN;
                continue;
            }
            last = last * w + (1 - w) * y[i];
            weight *= w;
            result[i] = last / (1 - weight);
        }
        return result;
    }

    /// <summary>Epoch of <paramref name="step"/> (step / U), or NaN without U.</summary>
    public static double Epoch(long step, long? stepsPerEpoch) => stepsPerEpoch is > 0 ? (double)step / stepsPerEpoch.Value : double.NaN;
}
