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

    /// <summary>Unions of up to this many steps are materialized (lazily, on the first query) into a sorted array
    /// with a bucket index, so that a query costs one lookup instead of one query per part.</summary>
    public const long MaterializeLimit = 1_000_000;

    private SortedSteps? _table;
    private int _tableState; // 0: not decided, 1: table built, 2: too large (query the parts)

    /// <inheritdoc/>
    protected override bool ContainsCore(long step) => Table() is { } t ? t.Contains(step) : PartsContain(step);

    /// <inheritdoc/>
    protected override long NextCore(long step) => Table() is { } t ? t.Next(step) : PartsNext(step);

    private SortedSteps? Table()
    {
        int state = Volatile.Read(ref _tableState);
        if (state == 1) return _table;
        if (state == 2 || _parts.Length <= 1) return null;
        if (Count() > MaterializeLimit)
        {
            Volatile.Write(ref _tableState, 2);
            return null;
        }
        var steps = new List<long>();
        for (long s = PartsContain(0) ? 0 : PartsNext(0); s >= 0 && s <= Last.Value; s = s == Last.Value ? -1 : PartsNext(s)) steps.Add(s);
        _table = new SortedSteps(steps.ToArray(), Last.Value);
        Volatile.Write(ref _tableState, 1);
        return _table;
    }

    private bool PartsContain(long step)
    {
        foreach (Schedule p in _parts)
        {
            if (p.Contains(new Step(step))) return true;
        }
        return false;
    }

    private long PartsNext(long step)
    {
        long best = -1;
        foreach (Schedule p in _parts)
        {
            if (p.Next(new Step(step)) is { } n && (best < 0 || n.Value < best)) best = n.Value;
        }
        return best;
    }
}
