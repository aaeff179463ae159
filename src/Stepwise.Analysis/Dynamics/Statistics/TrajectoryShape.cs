namespace Stepwise.Analysis.Dynamics.Statistics;

/// <summary>The shape of a trajectory over epochs (<see cref="QuadraticFit.Shape"/>; rules in docs/dynamics.md).</summary>
public enum TrajectoryShape
{
    /// <summary>Falls, then rises: a significant quadratic term, a &gt; 0, its vertex inside the epochs measured.</summary>
    UShaped,
    /// <summary>Rises, then falls: a significant quadratic term, a &lt; 0, its vertex inside the epochs measured.</summary>
    InvertedU,
    /// <summary>Rises over the epochs measured.</summary>
    Increasing,
    /// <summary>Falls over the epochs measured.</summary>
    Decreasing,
    /// <summary>No significant trend.</summary>
    Flat,
    /// <summary>Fewer than three epochs.</summary>
    Undetermined,
}
