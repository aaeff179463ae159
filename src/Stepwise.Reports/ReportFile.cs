using System.Text;
using Stepwise.Reports.Page;

namespace Stepwise.Reports;

/// <summary>Writes a rendered page to its file atomically (a temporary file beside it, then a rename), so a reader never
/// sees half a report.</summary>
internal static class ReportFile
{
    /// <summary>Writes <paramref name="page"/> to <paramref name="path"/>; IOException and UnauthorizedAccessException
    /// propagate (the output cannot be written).</summary>
    public static ReportResult Write(ReportPage page, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = System.IO.Path.GetFullPath(path);
        string html = page.Render();
        string? dir = System.IO.Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        string tmp = full + ".tmp";
        File.WriteAllText(tmp, html, new UTF8Encoding(false));
        File.Move(tmp, full, overwrite: true);
        return new ReportResult(full, new FileInfo(full).Length, [.. page.Charts.Select(c => c.Id)], [.. page.Warnings]);
    }
}
