namespace Stepwise.Scheduling;

/// <summary>The union of schedules over the same run (sorted, no duplicates).</summary>
public sealed class UnionSchedule : Schedule
{
    private readonly Schedule[] _parts;

    /// <summary>Creates the union; every part must share <paramref name="last"/>.</summary>
    public UnionSchedule(IEnumerable<Schedule> parts, Step last) : base(last)
    {
        _parts = parts.ToArray();
        if (_parts.Any(p => p.Last != last)) throw new ArgumentException("all parts of a union must end at the same step", nameof(parts));
    }

    /// <summary>The schedules joined.</summary>
    public IReadOnlyList<Schedule> Parts => _parts;

    /// <inheritdoc/>
    public override string Description => _parts.Length == 0 ? "none" : string.Join(" + ", _parts.Select(p => p.Description));

    /// <inheritdoc/>
    /// <remarks>|A ∪ rest| = |A| + |rest \ A| with A the largest part: A is counted by its own <see cref="Schedule.Count"/>
    /// (closed-form for most kinds) and only the smaller parts are walked, each advanced past its own entries (a k-way
    /// merge); O(entries of the smaller parts) instead of O(entries of the union × parts) <see cref="Schedule.Next"/> calls.</remarks>
    public override long Count()
    {
        if (_parts.Length == 0) return 0;
        long[] counts = Array.ConvertAll(_parts, p => p.Count());
        int largest = Array.IndexOf(counts, counts.Max());
        Schedule a = _parts[largest];
        Schedule[] rest = _parts.Where((_, i) => i != largest).ToArray();
        long[] heads = Array.ConvertAll(rest, p => p.First()?.Value ?? -1); // −1: exhausted
        long n = counts[largest];
        while (true)
        {
            long min = -1;
            foreach (long h in heads)
            {
                if (h >= 0 && (min < 0 || h < min)) min = h;
            }
            if (min < 0) return n;
            var step = new Step(min);
            if (!a.Contains(step)) n++;
            for (int i = 0; i < rest.Length; i++)
            {
                if (heads[i] == min) heads[i] = rest[i].Next(step)?.Value ?? -1;
            }
        }
    }

    /// <inheritdoc/>
    protected override bool ContainsCore(long step)
    {
        foreach (Schedule p in _parts)
        {
            if (p.Contains(new Step(step))) return true;
        }
        return false;
    }

    /// <inheritdoc/>
    protected override long NextCore(long step)
    {
        long best = -1;
        foreach (Schedule p in _parts)
        {
            if (p.Next(new Step(step)) is { } n && (best < 0 || n.Value < best)) best = n.Value;
        }
        return best;
    }
}
