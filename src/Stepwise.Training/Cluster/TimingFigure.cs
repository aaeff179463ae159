using System.Globalization;

namespace Stepwise.Training.Cluster;

/// <summary>One wall-clock figure a grace period is computed from, with where it came from.</summary>
/// <param name="Seconds">Wall-clock seconds, ≥ 0 and finite.</param>
/// <param name="Source">Where it came from, for the script's comment: <c>--step-time</c>, <c>measured: median of 10
/// updates</c>, <c>timing.jsonl of RUN</c>, <c>no evaluation before the final step</c>.</param>
public readonly record struct TimingFigure(double Seconds, string Source)
{
    /// <summary>The seconds as written in comments: up to three significant decimals (<c>12.3 s</c>, <c>0.0042 s</c>).</summary>
    public string Text => Format(Seconds);

    /// <summary>Seconds as written in comments and notes (invariant culture, at most 4 significant digits after the point).</summary>
    public static string Format(double seconds) =>
        (seconds >= 100 ? Math.Round(seconds, 1) : seconds >= 1 ? Math.Round(seconds, 2) : Math.Round(seconds, 4)).ToString("0.####", CultureInfo.InvariantCulture) + " s";
}
