namespace Stepwise.Analysis.Influence;

/// <summary>
/// A window's scores digested for reports: each sample's rank among the window's samples (1 = highest score, the most
/// helpful; ties by row), the most helpful and most harmful samples, and with label noise the share of flipped labels
/// among the lowest-scored 10 % and 30 % of the window's samples (against their share among all of them).
/// </summary>
public sealed class WindowSummary
{
    private readonly long[] _ranks;

    private WindowSummary(long[] ranks, IReadOnlyList<long> helpful, IReadOnlyList<long> harmful, long samples, double? noise, double? lowest10, double? lowest30)
    {
        _ranks = ranks;
        Helpful = helpful;
        Harmful = harmful;
        Samples = samples;
        NoiseShare = noise;
        NoisyAmongLowest10 = lowest10;
        NoisyAmongLowest30 = lowest30;
    }

    /// <summary>Samples the window's updates read (distinct).</summary>
    public long Samples { get; }

    /// <summary>The highest-scored samples, most helpful first (at most the requested count, all with a score &gt; 0).</summary>
    public IReadOnlyList<long> Helpful { get; }

    /// <summary>The lowest-scored samples, most harmful first (all with a score &lt; 0).</summary>
    public IReadOnlyList<long> Harmful { get; }

    /// <summary>The share of flipped labels among the window's samples; null without label noise.</summary>
    public double? NoiseShare { get; }

    /// <summary>The share of flipped labels among the lowest-scored ⌈10 %⌉ of the window's samples; null without noise.</summary>
    public double? NoisyAmongLowest10 { get; }

    /// <summary>The same among the lowest-scored ⌈30 %⌉.</summary>
    public double? NoisyAmongLowest30 { get; }

    /// <summary>Sample <paramref name="j"/>'s rank (1..<see cref="Samples"/>), or null when the window did not read it.</summary>
    public long? Rank(long j) => _ranks[j] == 0 ? null : _ranks[j];

    /// <summary>Summarizes <paramref name="w"/> with the <paramref name="top"/> most helpful and harmful samples.</summary>
    public static WindowSummary Of(WindowInfluence w, TrainSamples samples, int top)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(samples);
        var ordered = Enumerable.Range(0, w.Scores.Count).Where(j => w.Occurrences[j] > 0)
            .OrderByDescending(j => w.Scores[j]).ThenBy(j => j).Select(j => (long)j).ToArray();
        var ranks = new long[w.Scores.Count];
        for (int r = 0; r < ordered.Length; r++) ranks[ordered[r]] = r + 1;
        var helpful = ordered.Where(j => w.Scores[(int)j] > 0).Take(top).ToArray();
        var harmful = ordered.Reverse().Where(j => w.Scores[(int)j] < 0).Take(top).ToArray();
        double? Share(int percent)
        {
            if (!samples.HasNoise || ordered.Length == 0) return null;
            int n = Math.Max(1, (int)Math.Ceiling(ordered.Length * percent / 100.0));
            return (double)ordered.Reverse().Take(n).Count(j => samples.Noisy(j) == true) / n;
        }
        double? all = samples.HasNoise && ordered.Length > 0 ? (double)ordered.Count(j => samples.Noisy(j) == true) / ordered.Length : null;
        return new WindowSummary(ranks, helpful, harmful, ordered.Length, all, Share(10), Share(30));
    }

    /// <summary>Spearman's ρ between two windows' scores over the samples both read (NaN when fewer than 2).</summary>
    public static double Spearman(WindowInfluence a, WindowInfluence b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var both = Enumerable.Range(0, a.Scores.Count).Where(j => a.Occurrences[j] > 0 && b.Occurrences[j] > 0).ToArray();
        return RankStatistics.Spearman(both.Select(j => a.Scores[j]).ToArray(), both.Select(j => b.Scores[j]).ToArray());
    }
}
