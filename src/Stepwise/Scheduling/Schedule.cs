namespace Stepwise.Scheduling;

/// <summary>
/// A set of steps within [0, <see cref="Last"/>], answered without materializing it: <see cref="Contains"/>,
/// <see cref="Next"/> (the least element greater than a step) and sorted, duplicate-free enumeration.
/// Implementations are immutable and thread-safe.
/// </summary>
public abstract class Schedule
{
    /// <summary>Creates a schedule bounded by the run's last state.</summary>
    protected Schedule(Step last) => Last = last;

    /// <summary>T: no element is greater.</summary>
    public Step Last { get; }

    /// <summary>A short human description, e.g. <c>every 5000</c>.</summary>
    public abstract string Description { get; }

    /// <summary>Whether <paramref name="step"/> is in the schedule.</summary>
    public bool Contains(Step step) => step.Value <= Last.Value && ContainsCore(step.Value);

    /// <summary>The least element greater than <paramref name="step"/>, or null when none is ≤ <see cref="Last"/>.</summary>
    public Step? Next(Step step)
    {
        if (step.Value >= Last.Value) return null;
        long next = NextCore(step.Value);
        return next < 0 || next > Last.Value ? null : new Step(next);
    }

    /// <summary>The least element, or null when the schedule is empty.</summary>
    public Step? First() => ContainsCore(0) ? Step.Zero : Next(Step.Zero);

    /// <summary>Enumerates the elements in increasing order, lazily.</summary>
    public IEnumerable<Step> Enumerate()
    {
        for (Step? s = First(); s is { } x; s = Next(x)) yield return x;
    }

    /// <summary>The last <paramref name="n"/> elements in increasing order, found by searching back from
    /// <see cref="Last"/> over doubling spans, so that a long schedule is not walked from its start.</summary>
    public IReadOnlyList<Step> Tail(int n)
    {
        if (n <= 0) return [];
        for (long span = 64; ; span = span > long.MaxValue / 2 ? long.MaxValue : span * 2)
        {
            long from = Math.Max(0, Last.Value - span);
            var found = new List<Step>();
            Step start = new(from);
            for (Step? s = Contains(start) ? start : Next(start); s is { } x; s = Next(x)) found.Add(x);
            if (found.Count >= n || from == 0) return found.Skip(Math.Max(0, found.Count - n)).ToList();
        }
    }

    /// <summary>The number of elements; O(count) unless a schedule knows better.</summary>
    public virtual long Count()
    {
        long n = 0;
        for (Step? s = First(); s is { } x; s = Next(x)) n++;
        return n;
    }

    /// <summary>Membership for 0 ≤ step ≤ Last.</summary>
    protected abstract bool ContainsCore(long step);

    /// <summary>The least element &gt; step (0 ≤ step &lt; Last), or −1 / any value &gt; Last when there is none.</summary>
    protected abstract long NextCore(long step);

    /// <summary>The least multiple of <paramref name="n"/> greater than <paramref name="step"/>, or −1 on overflow.</summary>
    protected static long NextMultiple(long step, long n)
    {
        long q = step / n + 1;
        return q > long.MaxValue / n ? -1 : q * n;
    }
}
