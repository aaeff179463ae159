using System.Globalization;
using System.Text;
using Stepwise.Training;
using Stepwise.Training.Runs;

namespace Stepwise.Analysis.Dynamics.Cartography;

/// <summary>
/// The data map of a run recorded with <c>dynamics.record: true</c> (<c>stepwise dynamics RUN_DIR</c>): per train row,
/// confidence, variability and correctness over the complete epochs recorded, forgetting events over all
/// presentations, and a region: <b>ambiguous</b> when variability ≥ <see cref="AmbiguousVariability"/>, else
/// <b>easy</b> when confidence ≥ <see cref="EasyConfidence"/>, else <b>hard</b> (hard-to-learn). The paper names the
/// regions without thresholds; these are Stepwise's, fixed so that a map is reproducible.
/// </summary>
public sealed class CartographySummary
{
    /// <summary>Variability from which a row is ambiguous.</summary>
    public const double AmbiguousVariability = 0.2;

    /// <summary>Confidence from which a low-variability row is easy.</summary>
    public const double EasyConfidence = 0.5;

    /// <summary>The CSV written next to the log.</summary>
    public const string CsvName = "cartography.csv";

    private CartographySummary(IReadOnlyList<SampleMap> rows, long epochs, long missingUpdates, long totalUpdates)
    {
        Rows = rows;
        Epochs = epochs;
        MissingUpdates = missingUpdates;
        RecordedUpdates = totalUpdates;
    }

    /// <summary>Rows seen, in row order.</summary>
    public IReadOnlyList<SampleMap> Rows { get; }

    /// <summary>Complete epochs recorded (the map's E).</summary>
    public long Epochs { get; }

    /// <summary>Updates of those epochs with no record (a log cut short); 0 for a whole log.</summary>
    public long MissingUpdates { get; }

    /// <summary>Distinct updates recorded.</summary>
    public long RecordedUpdates { get; }

    /// <summary>Reads the log of <paramref name="runDirectory"/>; throws <see cref="RunInputException"/> (one line)
    /// when the folder has no log or plan.</summary>
    public static CartographySummary Read(string runDirectory)
    {
        string planPath = Path.Combine(runDirectory, RunFiles.Plan);
        if (!File.Exists(CartographyLog.PathOf(runDirectory)))
            throw new RunInputException($"{runDirectory}: no {CartographyLog.Folder}/{CartographyLog.FileName}; train with dynamics: {{ record: true }} to record dataset cartography, or give a dynamics experiment config");
        if (!File.Exists(planPath)) throw new RunInputException($"{runDirectory}: no {RunFiles.Plan} (not a run folder)");
        PlanSummary plan;
        try { plan = PlanSummary.Parse(File.ReadAllText(planPath)); }
        catch (FormatException e) { throw new RunInputException($"{runDirectory}: {e.Message}"); }
        List<CartographyEntry> entries;
        try { entries = CartographyLog.Read(runDirectory).ToList(); }
        catch (FormatException e) { throw new RunInputException($"{runDirectory}: {e.Message}"); }
        return Of(entries, plan.StepsPerEpoch);
    }

    /// <summary>The map of <paramref name="entries"/> (in update order) for <paramref name="stepsPerEpoch"/> updates
    /// per epoch.</summary>
    public static CartographySummary Of(IReadOnlyList<CartographyEntry> entries, long stepsPerEpoch)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentOutOfRangeException.ThrowIfLessThan(stepsPerEpoch, 1);
        long lastUpdate = entries.Count == 0 ? -1 : entries.Max(e => e.Update);
        long epochs = (lastUpdate + 1) / stepsPerEpoch; // complete epochs: updates 0 .. E·U − 1
        var seen = entries.Where(e => e.Update < epochs * stepsPerEpoch).Select(e => e.Update).Distinct().Count();
        var rows = new List<SampleMap>();
        foreach (var group in entries.GroupBy(e => e.Row).OrderBy(g => g.Key))
        {
            var perEpoch = new double[epochs];
            var correctPerEpoch = new double[epochs];
            var counts = new int[epochs];
            int presentations = 0, forgetting = 0;
            bool learned = false, previous = false;
            foreach (var e in group)
            {
                presentations++;
                bool correct = e.Correct >= 0.5f;
                if (previous && !correct) forgetting++;
                previous = correct;
                learned |= correct;
                long epoch = e.Update / stepsPerEpoch;
                if (epoch >= epochs) continue;
                perEpoch[epoch] += Math.Exp(-(double)e.Loss);
                correctPerEpoch[epoch] += e.Correct;
                counts[epoch]++;
            }
            var values = new List<double>();
            var correctness = new List<double>();
            for (long k = 0; k < epochs; k++)
            {
                if (counts[k] == 0) continue;
                values.Add(perEpoch[k] / counts[k]);
                correctness.Add(correctPerEpoch[k] / counts[k]);
            }
            double mu = values.Count == 0 ? double.NaN : values.Average();
            double sigma = values.Count == 0 ? double.NaN : Math.Sqrt(values.Sum(v => (v - mu) * (v - mu)) / values.Count);
            string region = !double.IsFinite(mu) ? "unrecorded" : sigma >= AmbiguousVariability ? "ambiguous" : mu >= EasyConfidence ? "easy" : "hard";
            rows.Add(new SampleMap(group.Key, mu, sigma, correctness.Count == 0 ? double.NaN : correctness.Average(), presentations, forgetting, !learned, region));
        }
        return new CartographySummary(rows, epochs, epochs * stepsPerEpoch - seen, entries.Select(e => e.Update).Distinct().LongCount());
    }

    /// <summary>The per-row CSV: row, confidence, variability, correctness, presentations, forgetting_events,
    /// never_learned, region.</summary>
    public string Csv()
    {
        var sb = new StringBuilder("row,confidence,variability,correctness,presentations,forgetting_events,never_learned,region\n");
        foreach (var r in Rows)
        {
            sb.Append(string.Create(CultureInfo.InvariantCulture,
                $"{r.Row},{D(r.Confidence)},{D(r.Variability)},{D(r.Correctness)},{r.Presentations},{r.ForgettingEvents},{(r.NeverLearned ? "true" : "false")},{r.Region}\n"));
        }
        return sb.ToString();
    }

    /// <summary>A few lines for the terminal: epochs, region counts, forgetting.</summary>
    public string Text()
    {
        var sb = new StringBuilder();
        void Line(FormattableString s) => sb.Append(s.ToString(CultureInfo.InvariantCulture)).Append('\n');
        Line($"dataset cartography: {Rows.Count} train rows over {Epochs} complete epoch(s){(MissingUpdates > 0 ? $" ({MissingUpdates} updates missing from the log)" : "")}");
        foreach (string region in new[] { "easy", "ambiguous", "hard" })
        {
            var group = Rows.Where(r => r.Region == region).ToList();
            Line($"  {region,-9} {group.Count,7} rows{(group.Count > 0 ? $"  confidence {group.Average(r => r.Confidence):F3}, variability {group.Average(r => r.Variability):F3}, correctness {group.Average(r => r.Correctness):F3}" : "")}");
        }
        int unforgettable = Rows.Count(r => r.ForgettingEvents == 0 && !r.NeverLearned);
        Line($"  forgetting: {Rows.Sum(r => (long)r.ForgettingEvents)} events; {unforgettable} rows unforgettable (learned, never forgotten), {Rows.Count(r => r.NeverLearned)} never learned");
        Line($"  thresholds: ambiguous at variability ≥ {AmbiguousVariability}, else easy at confidence ≥ {EasyConfidence}, else hard");
        return sb.ToString();
    }

    private static string D(double v) => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "";
}
