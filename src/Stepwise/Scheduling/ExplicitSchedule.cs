namespace Stepwise.Scheduling;

/// <summary>An explicit list of steps (sorted and de-duplicated on construction; steps beyond T are dropped).</summary>
public sealed class ExplicitSchedule : Schedule
{
    private readonly long[] _steps;

    /// <summary>Creates the schedule from any list of steps.</summary>
    public ExplicitSchedule(IEnumerable<Step> steps, Step last) : base(last)
    {
        _steps = steps.Select(s => s.Value).Where(s => s <= last.Value).Distinct().Order().ToArray();
    }

    /// <summary>The steps, sorted.</summary>
    public IReadOnlyList<long> Steps => _steps;

    /// <inheritdoc/>
    public override string Description => _steps.Length == 1 ? $"at {_steps[0]}" : $"at {_steps.Length} listed steps";

    /// <inheritdoc/>
    public override long Count() => _steps.Length;

    /// <inheritdoc/>
    protected override bool ContainsCore(long step) => Array.BinarySearch(_steps, step) >= 0;

    /// <inheritdoc/>
    protected override long NextCore(long step)
    {
        int i = Array.BinarySearch(_steps, step);
        i = i >= 0 ? i + 1 : ~i;
        return i < _steps.Length ? _steps[i] : -1;
    }
}
