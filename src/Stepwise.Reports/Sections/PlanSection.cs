using Stepwise.Reports.Page;
using Stepwise.Training.Runs;

namespace Stepwise.Reports.Sections;

/// <summary>The plan timeline of a run folder (its plan.json); see <see cref="PlanTimeline"/>.</summary>
internal sealed class PlanSection : IRunSection
{
    /// <inheritdoc/>
    public string Id => "plan";

    /// <inheritdoc/>
    public string Title => "Plan timeline";

    /// <inheritdoc/>
    public string Needs => "plan.json";

    /// <inheritdoc/>
    public bool IsPresent(RunFolder run) => File.Exists(Path.Combine(run.Directory, RunFiles.Plan));

    /// <inheritdoc/>
    public ReportSection Build(RunData run) => run.Plan is { } plan
        ? new ReportSection(Id, Title, PlanTimeline.Blocks(plan))
        : ReportSection.NotPresent(Id, Title, "plan.json cannot be read");
}
