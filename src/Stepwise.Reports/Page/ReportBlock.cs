namespace Stepwise.Reports.Page;

/// <summary>One piece of a section: a chart, some HTML the page builds (tables, stat grids), or a note.</summary>
internal abstract record ReportBlock
{
    /// <summary>A chart.</summary>
    public sealed record ChartBlock(Chart Chart) : ReportBlock;

    /// <summary>Trusted HTML built by this assembly (every value in it escaped with <see cref="Html.Encode"/>).</summary>
    public sealed record HtmlBlock(string Html) : ReportBlock;

    /// <summary>A plain-text note shown in a muted paragraph (what is missing, how a chart was thinned).</summary>
    public sealed record NoteBlock(string Text) : ReportBlock;
}
