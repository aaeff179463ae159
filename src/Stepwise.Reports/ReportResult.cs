namespace Stepwise.Reports;

/// <summary>What writing a report did.</summary>
/// <param name="Path">The HTML file written (full path).</param>
/// <param name="Bytes">Its size in bytes.</param>
/// <param name="ChartIds">The ids of its charts (containers <c>#vis-ID</c>), in page order.</param>
/// <param name="Warnings">What could not be read or drawn, one line each (empty for a complete report).</param>
public sealed record ReportResult(string Path, long Bytes, IReadOnlyList<string> ChartIds, IReadOnlyList<string> Warnings);
