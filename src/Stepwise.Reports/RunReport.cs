using Stepwise.Reports.Page;
using Stepwise.Reports.Sections;
using Stepwise.Training.Runs;

namespace Stepwise.Reports;

/// <summary>
/// The report of one run folder: one self-contained HTML page with a header (status, the plan's numbers, final
/// metrics, wall time, config) and the sections that apply — plan timeline, training, and the analyses' influence,
/// pruning and dynamics when their files are present. A damaged folder (a stopped run, no metrics yet, a truncated
/// metrics line, an unreadable file) never makes it throw: the page draws what it can and the result's warnings say
/// what is missing.
/// </summary>
public static class RunReport
{
    /// <summary>The report's file name in a run folder.</summary>
    public const string FileName = "report.html";

    /// <summary>The sections in page order.</summary>
    internal static IReadOnlyList<IRunSection> Sections { get; } =
        [new PlanSection(), new TrainingSection(), AnalysisSection.Influence, AnalysisSection.Pruning, AnalysisSection.Dynamics];

    /// <summary>Writes the report of <paramref name="run"/> to <paramref name="path"/> (atomically: temporary file, then
    /// rename; the folder is created if needed). Throws only when the file cannot be written (IOException,
    /// UnauthorizedAccessException).</summary>
    public static ReportResult Write(RunFolder run, string path) => ReportFile.Write(Page(run), path);

    /// <summary>Writes <c>report.html</c> into the run folder itself (what <c>stepwise train</c> does at the end).</summary>
    public static ReportResult WriteInto(RunFolder run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Write(run, Path.Combine(run.Directory, FileName));
    }

    /// <summary>The page of <paramref name="run"/>.</summary>
    internal static ReportPage Page(RunFolder run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var data = RunData.Read(run);
        var sections = new List<ReportSection>();
        foreach (var section in Sections)
        {
            if (!section.IsPresent(run))
            {
                sections.Add(ReportSection.NotPresent(section.Id, section.Title, $"no {section.Needs} in this folder"));
                continue;
            }
            sections.Add(SafeBuild(section, data));
        }
        string header;
        try
        {
            header = RunHeader.Build(data);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            data.Warnings.Add($"the header could not be drawn ({e.GetType().Name}: {e.Message})");
            header = "";
        }
        return new ReportPage { Title = data.Name, Subtitle = run.Directory, HeaderHtml = header, Sections = sections, Warnings = data.Warnings };
    }

    /// <summary>Builds a section; a section that throws (a bug, or input no reader foresaw) becomes a note and a warning,
    /// so one bad file never costs the whole page.</summary>
    internal static ReportSection SafeBuild(IRunSection section, RunData data)
    {
        try
        {
            return section.Build(data);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            string why = $"the {section.Title.ToLowerInvariant()} section could not be drawn ({e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")})";
            data.Warnings.Add(why);
            return new ReportSection(section.Id, section.Title, [new ReportBlock.NoteBlock(why)]);
        }
    }
}
