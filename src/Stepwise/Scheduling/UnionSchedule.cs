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
    public override long Count()
    {
        // One large part plus explicit lists (the usual shape: a rule plus `at` and the final step) counts in
        // O(list length); anything else is counted by walking the merged sequence.
        var large = _parts.Where(p => p is not ExplicitSchedule).ToArray();
        if (large.Length > 1) return base.Count();
        long count = large.Length == 1 ? large[0].Count() : 0;
        var extra = _parts.OfType<ExplicitSchedule>().SelectMany(e => e.Steps).Distinct();
        foreach (long s in extra)
        {
            if (large.Length == 0 || !large[0].Contains(new Step(s))) count++;
        }
        return count;
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
