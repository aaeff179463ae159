using Stepwise.Reports.Page;
using Stepwise.Training.Runs;

namespace Stepwise.Reports.Sections;

/// <summary>
/// One section of a run's report, keyed on the files it draws: <see cref="IsPresent"/> looks only at which files the
/// folder holds, <see cref="Build"/> reads them. A section whose files are absent is listed in the page's contents as
/// "not present" (with <see cref="Needs"/>) and draws nothing. Build never throws for damaged input: it draws what it
/// can and adds a line to the run's warnings.
/// </summary>
internal interface IRunSection
{
    /// <summary>The anchor id.</summary>
    string Id { get; }

    /// <summary>The heading.</summary>
    string Title { get; }

    /// <summary>Which files the section draws, in words ("influence/*.csv").</summary>
    string Needs { get; }

    /// <summary>Whether the folder holds the section's files.</summary>
    bool IsPresent(RunFolder run);

    /// <summary>The section of <paramref name="run"/>.</summary>
    ReportSection Build(RunData run);
}
