using Stepwise.Reports.Page;
using Stepwise.Training.Runs;

namespace Stepwise.Reports.Sections;

/// <summary>
/// A section drawn from an analysis's result files, keyed on their presence: influence (<c>influence/*.csv</c>,
/// <c>stepwise influence</c>), pruning (<c>prune_results.json</c>, <c>stepwise prune</c>) and dynamics
/// (<c>results.json</c>, <c>stepwise dynamics</c>). Their drawings come with those analyses; until a section is wired
/// to its files, a folder that holds them gets a note saying so (and a warning) instead of charts.
/// </summary>
/// <param name="Id">The anchor id.</param>
/// <param name="Title">The heading.</param>
/// <param name="Needs">The files, in words.</param>
/// <param name="Find">The files of the folder that the section draws (none: not present).</param>
/// <param name="Draw">Builds the section from the run and those files; null until the analysis is wired.</param>
internal sealed record AnalysisSection(string Id, string Title, string Needs, Func<RunFolder, IReadOnlyList<string>> Find,
    Func<RunData, IReadOnlyList<string>, ReportSection>? Draw = null) : IRunSection
{
    /// <summary>Influence over windows (issue 16): score distributions per window, noisy vs clean, rank correlation.</summary>
    public static AnalysisSection Influence { get; } = new("influence", "Influence", "influence/*.csv (stepwise influence)",
        run => Directory.Exists(Path.Combine(run.Directory, "influence")) ? [.. Directory.GetFiles(Path.Combine(run.Directory, "influence"), "*.csv").Order(StringComparer.Ordinal)] : [],
        InfluenceSection.Build);

    /// <summary>The pruning experiment (issue 17): test accuracy per stage and method with error bars over repeats.</summary>
    public static AnalysisSection Pruning { get; } = new("pruning", "Pruning", "prune_results.json (stepwise prune)", run => One(run, "prune_results.json"),
        PruningSection.Build);

    /// <summary>Training dynamics (issue 18): compression trajectories, memorization, the layer × epoch heatmap.</summary>
    public static AnalysisSection Dynamics { get; } = new("dynamics", "Dynamics", DynamicsSection.Needs, DynamicsSection.Find, DynamicsSection.Draw);

    /// <inheritdoc/>
    public bool IsPresent(RunFolder run) => Find(run).Count > 0;

    /// <inheritdoc/>
    public ReportSection Build(RunData run)
    {
        var files = Find(run.Folder);
        if (files.Count == 0) return ReportSection.NotPresent(Id, Title, $"no {Needs} in this folder");
        if (Draw is not null) return Draw(run, files);
        string names = string.Join(", ", files.Select(f => Path.GetRelativePath(run.Folder.Directory, f)));
        run.Warnings.Add($"{names}: present, but this version of the report does not draw the {Title.ToLowerInvariant()} section yet");
        return new ReportSection(Id, Title, [new ReportBlock.NoteBlock($"{names}: present; this version of the report does not draw it yet.")]);
    }

    private static IReadOnlyList<string> One(RunFolder run, string name)
    {
        string path = Path.Combine(run.Directory, name);
        return File.Exists(path) ? [path] : [];
    }
}
