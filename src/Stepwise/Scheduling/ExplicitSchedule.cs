namespace Stepwise.Scheduling;

/// <summary>An explicit list of steps (sorted and de-duplicated on construction; steps beyond T are dropped).</summary>
public sealed class ExplicitSchedule : Schedule
{
    private readonly SortedSteps _steps;

    /// <summary>Creates the schedule from any list of steps.</summary>
    public ExplicitSchedule(IEnumerable<Step> steps, Step last) : base(last)
    {
        _steps = new SortedSteps(steps.Select(s => s.Value).Where(s => s <= last.Value).Distinct().Order().ToArray(), last.Value);
    }

    /// <summary>The steps, sorted.</summary>
    public IReadOnlyList<long> Steps => _steps.Steps;

    /// <inheritdoc/>
    public override string Description => _steps.Length == 1 ? $"at {_steps.Steps[0]}" : $"at {_steps.Length} listed steps";

    /// <inheritdoc/>
    public override long Count() => _steps.Length;

    /// <inheritdoc/>
    protected override bool ContainsCore(long step) => _steps.Contains(step);

    /// <inheritdoc/>
    protected override long NextCore(long step) => _steps.Next(step);
}
