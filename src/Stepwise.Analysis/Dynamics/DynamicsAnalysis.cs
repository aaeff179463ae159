using Stepwise.Analysis.Dynamics.Statistics;

namespace Stepwise.Analysis.Dynamics;

/// <summary>The analyses of seed 002 over the scheduled epochs' measurements, with corrections (docs/dynamics.md).</summary>
public static class DynamicsAnalysis
{
    private static readonly CompressionScore[] Scores = [CompressionScore.Absolute, CompressionScore.ScaleFree];

    /// <summary>Analyses <paramref name="epochs"/> (in schedule order, at least one, every one over the same passages).</summary>
    /// <exception cref="ArgumentException">No epochs, or epochs over different passages.</exception>
    public static DynamicsReport Analyze(IReadOnlyList<EpochMeasurement> epochs)
    {
        ArgumentNullException.ThrowIfNull(epochs);
        if (epochs.Count == 0) throw new ArgumentException("no measured epoch", nameof(epochs));
        var first = epochs[0];
        foreach (var e in epochs)
        {
            if (e.Passages.Count != first.Passages.Count || e.Passages.Zip(first.Passages).Any(p => p.First.Index != p.Second.Index || p.First.Trained != p.Second.Trained))
                throw new ArgumentException($"epoch {e.Epoch} measured other passages than epoch {first.Epoch}", nameof(epochs));
        }
        int transitions = first.Transitions;
        var final = epochs[^1];
        var membership = new Dictionary<CompressionScore, IReadOnlyList<GroupTest>>();
        var memorized = new Dictionary<CompressionScore, IReadOnlyList<GroupTest>>();
        foreach (var s in Scores)
        {
            membership[s] = Tests(epochs, transitions, s, all: true);
            memorized[s] = Tests(epochs, transitions, s, all: false);
        }
        return new DynamicsReport
        {
            Epochs = epochs,
            Summaries = epochs.Select(e => EpochSummary.Of(e, final)).ToList(),
            Transitions = transitions,
            Trajectories = Trajectories(epochs, transitions),
            Membership = membership,
            Memorized = memorized,
            Onset = Onset(epochs, transitions),
            Patterns = Scores.Select(s => Pattern(membership[s], epochs, transitions, s)).ToList(),
            Heatmaps = Scores.ToDictionary(s => s, s => (IReadOnlyList<IReadOnlyList<double>>)Heatmap(epochs, transitions, s)),
            Velocities = Scores.SelectMany(s => Enumerable.Range(0, transitions).Select(l => Speed(epochs, l, s))).ToList(),
            Best = epochs.SelectMany(e => Scores.Select(s => Best(e.Epoch, membership[s], s))).ToList(),
        };
    }

    /// <summary>A passage's score at transition <paramref name="layer"/>.</summary>
    public static double Value(PassageMeasurement p, int layer, CompressionScore score) =>
        score == CompressionScore.Absolute ? p.Compression[layer] : p.CompressionScaleFree[layer];

    private static double TrainedMean(EpochMeasurement e, int layer, CompressionScore score) =>
        EpochSummary.Mean(e.Passages.Where(p => p.Trained).Select(p => Value(p, layer, score)));

    private static List<TrajectoryFit> Trajectories(IReadOnlyList<EpochMeasurement> epochs, int transitions)
    {
        var fits = new List<TrajectoryFit>();
        double[] x = [.. epochs.Select(e => (double)e.Epoch)];
        double[] logX = [.. x.Select(v => Math.Log(v))];
        foreach (var s in Scores)
        {
            for (int l = 0; l < transitions; l++)
            {
                double[] means = [.. epochs.Select(e => TrainedMean(e, l, s))];
                bool finite = means.All(double.IsFinite);
                fits.Add(new TrajectoryFit(l, s, "epoch", means, finite ? QuadraticFit.Of(x, means) : Undetermined(x.Length)));
                fits.Add(new TrajectoryFit(l, s, "log_epoch", means, finite ? QuadraticFit.Of(logX, means) : Undetermined(x.Length)));
            }
        }
        return fits;
    }

    private static QuadraticFit Undetermined(int n) => new() { N = n, Shape = TrajectoryShape.Undetermined };

    /// <summary>Point-biserial tests for every (epoch, layer), BH-adjusted over the whole family.</summary>
    private static List<GroupTest> Tests(IReadOnlyList<EpochMeasurement> epochs, int transitions, CompressionScore score, bool all)
    {
        var raw = new List<(int Layer, long Epoch, CorrelationTest R, EffectSize Effect)>();
        foreach (var e in epochs)
        {
            var group = all ? e.Passages : e.Passages.Where(p => p.Trained).ToList();
            for (int l = 0; l < transitions; l++)
            {
                var flags = group.Select(p => all ? p.Trained : p.Memorized).ToList();
                var values = group.Select(p => Value(p, l, score)).ToList();
                var r = values.All(double.IsFinite) ? Correlations.PointBiserial(flags, values) : new CorrelationTest(null, null, values.Count);
                var effect = EffectSize.Of(values.Where((_, i) => flags[i]).ToList(), values.Where((_, i) => !flags[i]).ToList());
                raw.Add((l, e.Epoch, r, effect));
            }
        }
        var q = FalseDiscovery.BenjaminiHochberg(raw.Select(t => t.R.PValue).ToList());
        return raw.Select((t, i) => new GroupTest(t.Layer, t.Epoch, t.R, q[i], t.Effect)).ToList();
    }

    private static OnsetAnalysis Onset(IReadOnlyList<EpochMeasurement> epochs, int transitions)
    {
        var firstEpoch = epochs[0];
        var trained = firstEpoch.Passages.Where(p => p.Trained).ToList();
        var onsets = new List<PassageOnset>(trained.Count);
        foreach (var p in trained)
        {
            long? onset = null, exact = null;
            foreach (var e in epochs)
            {
                var m = e.Passages.First(x => x.Trained && x.Index == p.Index);
                if (onset is null && m.Memorized) onset = e.Epoch;
                if (exact is null && m.Exact) exact = e.Epoch;
            }
            onsets.Add(new PassageOnset(p.Index, onset, exact));
        }
        var memorized = onsets.Where(o => o.Onset is not null).Select(o => (double)o.Onset!.Value).ToList();
        double never = epochs[^1].Epoch + 1.0; // after every scheduled epoch
        var correlations = new List<OnsetCorrelation>();
        foreach (var s in Scores)
        {
            for (int l = 0; l < transitions; l++)
            {
                var compression = trained.Select(p => Value(p, l, s)).ToList();
                var onlyX = new List<double>();
                var onlyY = new List<double>();
                for (int i = 0; i < trained.Count; i++)
                {
                    if (onsets[i].Onset is not { } o) continue;
                    onlyX.Add(compression[i]);
                    onlyY.Add(o);
                }
                bool finite = compression.All(double.IsFinite);
                correlations.Add(new OnsetCorrelation(l, s,
                    finite ? Correlations.Spearman(onlyX, onlyY) : new CorrelationTest(null, null, onlyX.Count),
                    finite ? Correlations.Spearman(compression, onsets.Select(o => o.Onset is { } v ? v : never).ToList()) : new CorrelationTest(null, null, compression.Count)));
            }
        }
        return new OnsetAnalysis(onsets, memorized.Count, onsets.Count - memorized.Count,
            memorized.Count > 0 ? memorized.Average() : null, memorized.Count > 0 ? EpochSummary.Median(memorized) : null, correlations);
    }

    private static LayerPattern Pattern(IReadOnlyList<GroupTest> tests, IReadOnlyList<EpochMeasurement> epochs, int transitions, CompressionScore score)
    {
        var firsts = new long?[transitions];
        foreach (var e in epochs)
        {
            foreach (var t in tests.Where(t => t.Epoch == e.Epoch && t.Significant)) firsts[t.Layer] ??= e.Epoch;
        }
        double half = transitions / 2.0;
        var early = firsts.Where((f, l) => l < half && f is not null).Select(f => (double)f!.Value).ToList();
        var late = firsts.Where((f, l) => l >= half && f is not null).Select(f => (double)f!.Value).ToList();
        double? earlyMean = early.Count > 0 ? early.Average() : null, lateMean = late.Count > 0 ? late.Average() : null;
        string pattern = (earlyMean, lateMean) switch
        {
            (null, null) => "none",
            (not null, null) => "early_only",
            (null, not null) => "late_only",
            var (a, b) when a < b => "early_first",
            var (a, b) when a > b => "late_first",
            _ => "simultaneous",
        };
        return new LayerPattern(score, firsts, earlyMean, lateMean, pattern);
    }

    private static List<IReadOnlyList<double>> Heatmap(IReadOnlyList<EpochMeasurement> epochs, int transitions, CompressionScore score)
    {
        var rows = new List<IReadOnlyList<double>>();
        for (int l = 0; l < transitions; l++)
        {
            int layer = l;
            rows.Add(epochs.Select(e => TrainedMean(e, layer, score) - EpochSummary.Mean(e.Passages.Where(p => !p.Trained).Select(p => Value(p, layer, score)))).ToList());
        }
        return rows;
    }

    private static Velocity Speed(IReadOnlyList<EpochMeasurement> epochs, int layer, CompressionScore score)
    {
        double[] c = [.. epochs.Select(e => TrainedMean(e, layer, score))];
        double[] x = [.. epochs.Select(e => (double)e.Epoch)];
        var first = new List<double>();
        for (int i = 0; i + 1 < c.Length; i++) first.Add((c[i + 1] - c[i]) / (x[i + 1] - x[i]));
        var second = new List<double>();
        for (int i = 0; i + 1 < first.Count; i++) second.Add((first[i + 1] - first[i]) / ((x[i + 2] - x[i]) / 2));
        return new Velocity(layer, score, first, second);
    }

    private static BestLayer Best(long epoch, IReadOnlyList<GroupTest> tests, CompressionScore score)
    {
        var best = tests.Where(t => t.Epoch == epoch && t.Correlation.R is not null)
            .OrderByDescending(t => Math.Abs(t.Correlation.R!.Value)).ThenBy(t => t.Layer).FirstOrDefault();
        return best is null ? new BestLayer(epoch, score, null, null, null, null)
            : new BestLayer(epoch, score, best.Layer, best.Correlation.R, best.Correlation.PValue, best.QValue);
    }
}
