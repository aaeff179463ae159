using System.Globalization;
using Stepwise.Training.Setup;

namespace Stepwise.Cli.Output;

/// <summary>The numbers <c>stepwise measure</c> prints: step-time statistics and what they imply for the plan.</summary>
public sealed record MeasureReport(int Steps, double Median, double P10, double P90, double Min, double Max,
    long StepsPerEpoch, long TotalSteps, long SamplesPerStep, long SamplesPerEpoch, long UniqueSamples,
    decimal? DesiredEpochSeconds, long? StepsForEpochTime)
{
    /// <summary>Computes the report from per-update seconds.</summary>
    public static MeasureReport From(RunSetup setup, double[] times, decimal? epochSeconds)
    {
        var sorted = times.OrderBy(t => t).ToArray();
        double Q(double q) => sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(q * (sorted.Length - 1) + 0.5))];
        double median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : 0.5 * (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]);
        var g = setup.Geometry;
        long? forEpoch = epochSeconds is { } es && median > 0 ? (long)Math.Floor((double)es / median) : null;
        return new MeasureReport(times.Length, median, Q(0.1), Q(0.9), sorted[0], sorted[^1], g.UpdatesPerEpoch, setup.TotalSteps,
            g.SamplesPerStep, g.SamplesPerEpoch, setup.Plan.UniqueSamples ?? setup.Data.TrainCount, epochSeconds, forEpoch);
    }

    /// <summary>Seconds per epoch at the median step time.</summary>
    public double EpochSeconds => Median * StepsPerEpoch;

    /// <summary>Seconds for the whole run at the median step time.</summary>
    public double RunSeconds => Median * TotalSteps;

    /// <summary>The report as a JSON-ready dictionary.</summary>
    public Dictionary<string, object?> ToDictionary() => new()
    {
        ["steps_timed"] = Steps,
        ["step_seconds"] = new Dictionary<string, double> { ["median"] = Median, ["p10"] = P10, ["p90"] = P90, ["min"] = Min, ["max"] = Max },
        ["steps_per_epoch"] = StepsPerEpoch,
        ["epoch_seconds"] = EpochSeconds,
        ["total_steps"] = TotalSteps,
        ["run_seconds"] = RunSeconds,
        ["samples_per_step"] = SamplesPerStep,
        ["samples_per_epoch"] = SamplesPerEpoch,
        ["coverage"] = (double)SamplesPerEpoch / UniqueSamples,
        ["desired_epoch_seconds"] = DesiredEpochSeconds,
        ["steps_per_epoch_for_epoch_time"] = StepsForEpochTime,
        ["samples_per_epoch_for_epoch_time"] = StepsForEpochTime is { } s ? checked(s * SamplesPerStep) : null,
    };

    /// <summary>Writes the report as CSV: a header of flat field names (<c>step_seconds_median</c>, …) and one row.</summary>
    public void WriteCsv(TextWriter o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var fields = new List<(string, object?)>();
        foreach (var (k, v) in ToDictionary())
        {
            if (v is Dictionary<string, double> nested) fields.AddRange(nested.Select(n => ($"{k}_{n.Key}", (object?)n.Value)));
            else fields.Add((k, v));
        }
        o.WriteLine(string.Join(",", fields.Select(f => f.Item1)));
        o.WriteLine(string.Join(",", fields.Select(f => f.Item2 switch
        {
            null => "",
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            decimal m => m.ToString(CultureInfo.InvariantCulture),
            IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
            var x => x.ToString(),
        })));
    }

    /// <summary>Writes the text report.</summary>
    public void WriteText(TextWriter o)
    {
        var c = CultureInfo.InvariantCulture;
        o.WriteLine(string.Create(c, $"Step time over {Steps} updates: median {Median * 1000:F3} ms (p10 {P10 * 1000:F3}, p90 {P90 * 1000:F3}, min {Min * 1000:F3}, max {Max * 1000:F3})"));
        o.WriteLine(string.Create(c, $"Planned epoch: {StepsPerEpoch:N0} steps × {Median * 1000:F3} ms = {Duration(EpochSeconds)}"));
        o.WriteLine(string.Create(c, $"Planned run: {TotalSteps:N0} steps × {Median * 1000:F3} ms = {Duration(RunSeconds)}"));
        o.WriteLine(string.Create(c, $"Samples per epoch: {SamplesPerEpoch:N0} ({SamplesPerStep:N0} per step); coverage {TimeValueText.Coverage((decimal)SamplesPerEpoch / UniqueSamples)} of {UniqueSamples:N0} unique samples"));
        if (StepsForEpochTime is { } s)
        {
            long samples = checked(s * SamplesPerStep);
            o.WriteLine(string.Create(c, $"For an epoch of {Duration((double)DesiredEpochSeconds!.Value)}: floor({(double)DesiredEpochSeconds.Value:F0} s / {Median * 1000:F3} ms) = {s:N0} steps per epoch = {samples:N0} samples, coverage {TimeValueText.Coverage((decimal)samples / UniqueSamples)}"));
        }
    }

    private static string Duration(double seconds) =>
        seconds >= 3600 ? string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:F2} h")
        : seconds >= 60 ? string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:F2} min")
        : string.Create(CultureInfo.InvariantCulture, $"{seconds:F2} s");
}
