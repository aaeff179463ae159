using System.Globalization;
using Stepwise.Analysis.Influence;

namespace Stepwise.Cli.Output;

/// <summary>The text form of <c>stepwise influence</c>: the sign rule, the window calculation (for <c>--stages</c>, the
/// way seed 000's note walks it), then per window the most helpful and harmful samples, the noisy-label shares, the
/// leave-one-out check, and with several windows the Spearman correlation between them.</summary>
public static class InfluenceText
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Writes <paramref name="report"/>.</summary>
    public static void Write(TextWriter o, InfluenceReport report)
    {
        var opt = report.Options;
        string q = opt.Query;
        o.WriteLine($"Influence of each training sample on the {q} loss, window by window");
        o.WriteLine("(step N = the state after N optimizer updates; a window [a, b] = updates a..b inclusive)");
        o.WriteLine($"Sign: I_j = L_{q}(j removed from the window's updates) − L_{q}(as trained), linearized; positive = j helped (removing it raises the loss), negative = j hurt.");
        o.WriteLine(F($"Measured at: {(opt.MeasureAt == MeasureAt.End ? $"the final state T = {report.Plan.TotalSteps.Value}" : "each window's end state b + 1")}; products in {opt.Precision.ToString().ToLowerInvariant()}, sums in float64; replay segments of {report.Segment} updates."));
        o.WriteLine();
        if (report.Stages is not null) PlanText.WriteGeometry(o, report.Plan);
        WriteWindows(o, report);
        for (int k = 0; k < report.Results.Count; k++)
        {
            o.WriteLine();
            WriteWindow(o, report, report.Results[k], report.Summaries[k]);
        }
        if (report.Results.Count > 1)
        {
            o.WriteLine();
            o.WriteLine("Spearman correlation between windows (samples both read): how influence changes during training");
            o.Write("        ");
            for (int b = 0; b < report.Results.Count; b++) o.Write(F($"{Label(report, b),8}"));
            o.WriteLine();
            for (int a = 0; a < report.Results.Count; a++)
            {
                o.Write(F($"{Label(report, a),8}"));
                for (int b = 0; b < report.Results.Count; b++) o.Write(F($"{WindowSummary.Spearman(report.Results[a], report.Results[b]),8:F3}"));
                o.WriteLine();
            }
        }
    }

    private static string Label(InfluenceReport report, int k) => F($"[{report.Results[k].Window.Start}]");

    private static void WriteWindows(TextWriter o, InfluenceReport report)
    {
        long u = report.Plan.StepsPerEpoch;
        o.WriteLine(report.Stages is { } k ? F($"Windows: the plan's {k} stages, floor({report.Plan.TotalSteps.Value}/{k}) = {report.Plan.TotalSteps.Value / k} updates each, the remainder to the last") : "Windows:");
        o.WriteLine("   Window   Updates [a, b]     Length   ≈ Epochs   Measured at state");
        for (int i = 0; i < report.Windows.Count; i++)
        {
            var w = report.Windows[i];
            long at = report.Options.MeasureAt == MeasureAt.End ? report.Plan.TotalSteps.Value : w.End + 1;
            o.WriteLine(F($"   {i + 1,-8} {w,-18} {w.Length.Value,6}   {(double)w.Length.Value / u,8:F1}   {at}"));
        }
    }

    private static void WriteWindow(TextWriter o, InfluenceReport report, WindowInfluence w, WindowSummary s)
    {
        int index = report.Windows.ToList().IndexOf(w.Window) + 1;
        o.WriteLine(F($"Window {index} {w.Window}: {report.Options.Query} loss {w.QueryLoss:F6} at state {w.MeasuredAt.Value}; {s.Samples} samples read"));
        WriteSamples(o, report, w, "Most helpful (highest I_j)", s.Helpful);
        WriteSamples(o, report, w, "Most harmful (lowest I_j)", s.Harmful);
        if (s.NoiseShare is { } share)
        {
            o.WriteLine(F($"   Noisy labels: {share:P1} of the window's samples; {s.NoisyAmongLowest10:P1} of the lowest-scored 10 %, {s.NoisyAmongLowest30:P1} of the lowest-scored 30 %"));
        }
        if (w.Verification is { } v)
        {
            o.WriteLine(F($"   Leave-one-out check ({v.Samples.Count} samples spread over the ranking, exact retraining of the window): Pearson {v.Pearson:F4}, Spearman {v.Spearman:F4}, Kendall τ {v.Kendall:F4}, sign agreement {v.SignAgreement:P0}, top-10 Jaccard {v.TopJaccard:F2}"));
        }
    }

    private static void WriteSamples(TextWriter o, InfluenceReport report, WindowInfluence w, string title, IReadOnlyList<long> samples)
    {
        if (samples.Count == 0) return;
        bool noise = report.Samples.HasNoise;
        o.WriteLine($"   {title}:");
        o.WriteLine($"      sample  source_row  label  {"influence",13}  reads{(noise ? "  noisy" : "")}");
        foreach (long j in samples)
        {
            string label = report.Samples.Label(j)?.ToString(Inv) ?? "";
            string noisy = noise ? (report.Samples.Noisy(j) == true ? "  yes" : "  no") : "";
            o.WriteLine(F($"      {j,6}  {report.Samples.SourceRow(j),10}  {label,5}  {w.Scores[(int)j],13:+0.000000E+00;-0.000000E+00;0}  {w.Occurrences[(int)j],4}{noisy}"));
        }
    }

    private static string F(FormattableString s) => s.ToString(Inv);
}
