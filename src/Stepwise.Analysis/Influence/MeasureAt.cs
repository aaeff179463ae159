namespace Stepwise.Analysis.Influence;

/// <summary>The state at which a window's query loss is measured.</summary>
public enum MeasureAt
{
    /// <summary>State b + 1, right after the window's last update b (<c>--measure-at window-end</c>, the default).</summary>
    WindowEnd,

    /// <summary>The final state T (<c>--measure-at end</c>): the effect is propagated through every later update.</summary>
    End,
}
