using Stepwise.Scheduling;

namespace Stepwise.Tests.Scheduling;

/// <summary>
/// Seed 004's scheme written straight from the definition, over the whole run at once, as a test oracle:
/// epoch 1 = floor(i·e₁/(n−1)) (n ≥ 2); epoch k ≥ 2 from s = eₖ₋₁+1: linear s, s+I, … ≤ eₖ (I default
/// max(1, floor(len/10))) or log c₀ = s, cⱼ = cⱼ₋₁ + round(baseʲ) ≤ eₖ; every epoch end; then min_interval m over the
/// sorted union: keep a step if it is an epoch end or ≥ m after the previous kept step, and an end closer than m to the
/// previous kept non-end step removes that step. No caching, no per-epoch patterns, no early exits.
/// </summary>
internal static class EpochSpacedReference
{
    public static HashSet<long> Steps(BoundariesCase b, EpochSpacedOptions o)
    {
        var ends = b.Ends().ToList();
        var all = new SortedSet<long>(ends);
        long n = o.FirstEpoch;
        for (long i = 0; n >= 2 && i < n; i++) all.Add((long)((Int128)i * ends[0] / (n - 1)));
        for (int k = 1; k < ends.Count; k++)
        {
            long s = ends[k - 1] + 1, e = ends[k];
            if (o.Spacing == Spacing.Linear)
            {
                long interval = o.LinearInterval ?? Math.Max(1, (e - s + 1) / 10);
                for (long c = s; c <= e; c += interval) all.Add(c);
            }
            else
            {
                long c = s;
                all.Add(c);
                for (int j = 1; ; j++)
                {
                    double gap = Math.Round(Math.Pow(o.LogBase, j), MidpointRounding.ToEven);
                    if (c + gap > e) break;
                    c += (long)gap;
                    all.Add(c);
                }
            }
        }
        var endSet = ends.ToHashSet();
        var kept = new List<long>();
        bool lastIsEnd = false;
        foreach (long x in all)
        {
            if (endSet.Contains(x))
            {
                if (kept.Count > 0 && !lastIsEnd && x - kept[^1] < o.MinInterval) kept.RemoveAt(kept.Count - 1);
                kept.Add(x);
                lastIsEnd = true;
            }
            else if (kept.Count == 0 || x - kept[^1] >= o.MinInterval)
            {
                kept.Add(x);
                lastIsEnd = false;
            }
        }
        return kept.ToHashSet();
    }
}
