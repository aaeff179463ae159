using System.Globalization;

namespace Stepwise.Scheduling;

/// <summary>
/// Seed 004's scheme: n checkpoints spread evenly over epoch 1 (states 0..e₁), then linear or log spacing inside every
/// later epoch starting at its first state, and every epoch end; then an optional minimum interval. Computed one epoch
/// at a time (the last epoch computed is cached), so a run of millions of steps is never materialized.
/// </summary>
/// <remarks>
/// Seed 004's prose formula <c>start + base^i</c> contradicts its own examples; the examples win: gaps grow as
/// base¹, base², … from the epoch's first state. See docs/semantics.md.
/// </remarks>
public sealed class EpochSpacedSchedule : Schedule
{
    private readonly EpochBoundaries _epochs;
    private readonly Pattern _first;                                 // epoch 1's steps (= offsets from state 0)
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, Pattern> _byLength = new();
    private volatile Pattern? _recent;                               // the last irregular epoch length used
    private readonly Pattern? _regular;                              // epoch 2's length: every full epoch after the first

    /// <summary>Creates the schedule; <see cref="Validate"/> first for user input.</summary>
    /// <exception cref="ArgumentException">The options are invalid for these epochs.</exception>
    public EpochSpacedSchedule(EpochBoundaries epochs, EpochSpacedOptions options) : base(epochs.TotalSteps)
    {
        if (Validate(epochs, options) is { } error) throw new ArgumentException(error, nameof(options));
        _epochs = epochs;
        Options = options;
        long[] first = Compute(1);
        _first = new Pattern(epochs.End(1).Value + 1, first);
        if (epochs.EpochCount >= 2) _regular = MakePattern(2);
    }

    /// <summary>The parameters.</summary>
    public EpochSpacedOptions Options { get; }

    /// <summary>Checks the options against the epochs; returns a message naming the problem, or null.</summary>
    public static string? Validate(EpochBoundaries epochs, EpochSpacedOptions o)
    {
        long states = epochs.End(1).Value + 1;
        if (o.FirstEpoch < 0) return $"first_epoch must be ≥ 0, got {o.FirstEpoch}";
        if (o.FirstEpoch > states)
            return string.Create(CultureInfo.InvariantCulture, $"{o.FirstEpoch} checkpoints do not fit in epoch 1, which has {states} states (0..{states - 1}); allowed 0..{states}");
        if (!(o.LogBase > 1.0) || double.IsInfinity(o.LogBase)) return $"log_base must be a real number > 1, got {o.LogBase.ToString(CultureInfo.InvariantCulture)}";
        if (o.LinearInterval is < 1) return $"linear_interval must be ≥ 1, got {o.LinearInterval}";
        if (o.MinInterval < 0) return $"min_interval must be ≥ 0, got {o.MinInterval}";
        return null;
    }

    /// <inheritdoc/>
    public override string Description
    {
        get
        {
            string later = Options.Spacing == Spacing.Log
                ? string.Create(CultureInfo.InvariantCulture, $"log base {Options.LogBase}")
                : Options.LinearInterval is { } i ? $"linear every {i}" : "linear every len/10";
            string min = Options.MinInterval > 0 ? $", min interval {Options.MinInterval}" : "";
            return $"{Options.FirstEpoch} in epoch 1, then {later} per epoch, and every epoch end{min}";
        }
    }

    /// <summary>The checkpoints inside epoch <paramref name="epoch"/>, sorted.</summary>
    public IReadOnlyList<long> StepsInEpoch(long epoch)
    {
        long[] offsets = Offsets(epoch, out long start).Offsets;
        return offsets.Select(o => start + o).ToArray();
    }

    /// <inheritdoc/>
    /// <remarks>An epoch k ≥ 2 holds the same steps, relative to its first state, as any other epoch of equal length
    /// (spacing, epoch end and minimum interval depend only on offsets from the start), so each distinct epoch length is
    /// computed once: O(epochs) arithmetic instead of O(checkpoints) <see cref="Schedule.Next"/> calls.</remarks>
    public override long Count()
    {
        long total = _first.Offsets.Length;
        long epochCount = _epochs.EpochCount;
        if (epochCount >= 2 && !_epochs.IsProportional)
        {
            // Uniform epochs: every later epoch is full (length U) except perhaps the last, so the count is closed-form
            // in the number of epochs: O(1) even for millions of epochs.
            long u = _epochs.End(1).Value;
            long lastLength = _epochs.TotalSteps.Value - _epochs.End(epochCount - 1).Value;
            long fullLater = lastLength == u ? epochCount - 1 : epochCount - 2;
            if (fullLater > 0) total = checked(total + fullLater * Offsets(2, out _).Offsets.Length);
            if (lastLength != u) total = checked(total + Offsets(epochCount, out _).Offsets.Length);
            return total;
        }
        var perLength = new Dictionary<long, long>();
        long previousEnd = _epochs.End(1).Value;
        for (long e = 2; e <= _epochs.EpochCount; e++)
        {
            long end = _epochs.End(e).Value;
            long length = end - previousEnd;
            if (!perLength.TryGetValue(length, out long n)) perLength[length] = n = Compute(e).Length;
            total += n;
            previousEnd = end;
        }
        return total;
    }

    /// <inheritdoc/>
    protected override bool ContainsCore(long step)
    {
        Pattern pattern = Offsets(_epochs.EpochOf(new Step(step)), out long start);
        long target = step - start;
        long[] offsets = pattern.Offsets;
        if (pattern.AtOrAfter is { } index) return offsets[index[target]] == target;
        foreach (long o in offsets)
        {
            if (o >= target) return o == target;
        }
        return false;
    }

    /// <inheritdoc/>
    protected override long NextCore(long step)
    {
        Pattern pattern = Offsets(_epochs.EpochOf(new Step(step + 1)), out long start);
        long target = step - start; // ≥ −1: step + 1 lies in this epoch
        long[] offsets = pattern.Offsets;
        if (pattern.AtOrAfter is { } index) return start + offsets[index[target + 1]];
        int i = offsets.Length <= 32 ? LinearAbove(offsets, target) : BinaryAbove(offsets, target);
        return start + offsets[i]; // the epoch end ≥ step + 1 is always present
    }

    private static int LinearAbove(long[] offsets, long target)
    {
        int i = 0;
        while (offsets[i] <= target) i++;
        return i;
    }

    private static int BinaryAbove(long[] offsets, long target)
    {
        int i = Array.BinarySearch(offsets, target);
        return i >= 0 ? i + 1 : ~i;
    }

    /// <summary>The steps of <paramref name="epoch"/> as offsets from its first state. Epochs k ≥ 2 of equal length share
    /// one pattern (spacing, end and minimum interval depend only on offsets), computed once per distinct length.</summary>
    private Pattern Offsets(long epoch, out long start)
    {
        (start, long end) = _epochs.Span(epoch);
        if (epoch == 1) return _first;
        long length = end - start + 1;
        Pattern? pattern = _regular;
        if (pattern is not null && pattern.Length == length) return pattern;
        pattern = _recent;
        if (pattern is not null && pattern.Length == length) return pattern;
        pattern = _byLength.GetOrAdd(length, static (_, arg) => arg.Self.MakePattern(arg.Epoch), (Self: this, Epoch: epoch));
        _recent = pattern;
        return pattern;
    }

    private Pattern MakePattern(long epoch)
    {
        (long start, long end) = _epochs.Span(epoch);
        long[] steps = Compute(epoch);
        for (int i = 0; i < steps.Length; i++) steps[i] -= start;
        return new Pattern(end - start + 1, steps);
    }

    private long[] Compute(long epoch)
    {
        long start = _epochs.Start(epoch).Value;
        long end = _epochs.End(epoch).Value;
        var raw = new List<long>();
        if (epoch == 1)
        {
            long n = Options.FirstEpoch;
            if (n >= 2)
            {
                for (long i = 0; i < n; i++) raw.Add((long)((Int128)i * end / (n - 1)));
            }
        }
        else if (Options.Spacing == Spacing.Linear)
        {
            long len = end - start + 1;
            long interval = Options.LinearInterval ?? Math.Max(1, len / 10);
            for (long c = start; ; c += interval)
            {
                raw.Add(c);
                if (interval > end - c) break;
            }
        }
        else
        {
            long c = start;
            raw.Add(c);
            for (int j = 1; ; j++)
            {
                double gap = Math.Round(Math.Pow(Options.LogBase, j), MidpointRounding.ToEven);
                if (gap > end - c) break;
                c += (long)gap;
                raw.Add(c);
            }
        }
        if (raw.Count == 0 || raw[^1] != end) raw.Add(end);
        return Options.MinInterval > 0 ? ApplyMinInterval(raw, epoch == 1 ? null : start - 1, end) : raw.ToArray();
    }

    /// <summary>Walks the sorted steps keeping an epoch end always, any other step only ≥ m after the previous kept one;
    /// an end closer than m to the previous kept non-end step removes that step.</summary>
    private long[] ApplyMinInterval(List<long> sorted, long? previousEnd, long end)
    {
        long m = Options.MinInterval;
        var kept = new List<long>(sorted.Count);
        long? last = previousEnd;
        bool lastIsEnd = previousEnd is not null;
        foreach (long x in sorted)
        {
            if (x == end)
            {
                if (!lastIsEnd && last is { } l && x - l < m) kept.RemoveAt(kept.Count - 1);
                kept.Add(x);
                break;
            }
            if (last is null || x - last.Value >= m)
            {
                kept.Add(x);
                last = x;
                lastIsEnd = false;
            }
        }
        return kept.ToArray();
    }

    /// <summary>An epoch's checkpoints as offsets from its first state, for epochs of <see cref="Length"/> states.
    /// Up to <see cref="IndexLimit"/> states it also holds <see cref="AtOrAfter"/>: for each offset o in 0..Length−1,
    /// the index of the first checkpoint offset ≥ o (the epoch end is always one), so that <c>Contains</c> and
    /// <c>Next</c> are one table lookup instead of a scan with an unpredictable exit.</summary>
    private sealed class Pattern
    {
        /// <summary>Epochs longer than this (4 bytes a state, 256 KiB) are scanned instead of indexed.</summary>
        private const long IndexLimit = 1 << 16;

        public Pattern(long length, long[] offsets)
        {
            Length = length;
            Offsets = offsets;
            if (length > IndexLimit) return;
            var index = new int[length];
            int i = 0;
            for (int o = 0; o < length; o++)
            {
                while (offsets[i] < o) i++;
                index[o] = i;
            }
            AtOrAfter = index;
        }

        public long Length { get; }

        public long[] Offsets { get; }

        public int[]? AtOrAfter { get; }
    }
}
