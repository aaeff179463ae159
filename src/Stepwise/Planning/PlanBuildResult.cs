using Stepwise.Configuration;

namespace Stepwise.Planning;

/// <summary>A plan, or the errors that prevent one (each a one-line <see cref="ConfigError"/>).</summary>
public sealed record PlanBuildResult(Plan? Plan, IReadOnlyList<ConfigError> Errors)
{
    /// <summary>True when a plan was built.</summary>
    public bool Success => Plan is not null;
}
