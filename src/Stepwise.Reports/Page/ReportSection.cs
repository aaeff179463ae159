namespace Stepwise.Reports.Page;

/// <summary>A section of a page: an anchor id, a heading and its blocks in order. <see cref="Present"/> is false for a
/// section whose input files the folder lacks; the page lists it in its contents as "not present" and draws nothing.</summary>
internal sealed record ReportSection(string Id, string Title, IReadOnlyList<ReportBlock> Blocks, bool Present = true)
{
    /// <summary>A section that does not apply: <paramref name="why"/> says which files it needs.</summary>
    public static ReportSection NotPresent(string id, string title, string why) => new(id, title, [new ReportBlock.NoteBlock(why)], Present: false);

    /// <summary>The charts of the section.</summary>
    public IEnumerable<Chart> Charts => Blocks.OfType<ReportBlock.ChartBlock>().Select(b => b.Chart);
}
