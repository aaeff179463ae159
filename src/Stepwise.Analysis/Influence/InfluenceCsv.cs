using System.Globalization;

namespace Stepwise.Analysis.Influence;

/// <summary>
/// The CSV contract of <c>stepwise influence</c> (docs/influence.md), one row per (window, sample), every train sample:
/// <c>window_start,window_end,sample,source_row,label,influence,rank,in_window,noisy</c>. The influence is the float64
/// score in shortest round-trip form; rank is empty and in_window 0 for a sample the window did not read; noisy is 1/0,
/// empty without injected noise. <c>stepwise influence --format csv</c> and <c>stepwise prune</c>'s
/// <c>influence/*.csv</c> both write it.
/// </summary>
public static class InfluenceCsv
{
    /// <summary>The header line.</summary>
    public const string Header = "window_start,window_end,sample,source_row,label,influence,rank,in_window,noisy";

    /// <summary>Writes the rows of one window (no header).</summary>
    public static void WriteRows(TextWriter o, WindowInfluence w, WindowSummary summary, TrainSamples samples)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(samples);
        for (long j = 0; j < w.Scores.Count; j++)
        {
            string noisy = samples.Noisy(j) switch { true => "1", false => "0", null => "" };
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{w.Window.Start},{w.Window.End},{j},{samples.SourceRow(j)},{samples.Label(j)},{w.Scores[(int)j]:R},{summary.Rank(j)},{w.Occurrences[(int)j]},{noisy}"));
        }
    }

    /// <summary>
    /// Reads a file written by <see cref="Write"/> (or <c>stepwise influence --format csv</c>), for reports: the rows in
    /// file order. A line that cannot be read (a torn last line, a cell that is not a number) is skipped and described in
    /// <paramref name="problems"/> (one line naming the file and line number); a file without the contract's header
    /// yields no rows and one problem.
    /// </summary>
    public static IReadOnlyList<InfluenceCsvRow> Read(string path, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(problems);
        var rows = new List<InfluenceCsvRow>();
        string name = Path.GetFileName(path);
        using var reader = new StreamReader(path);
        string? header = reader.ReadLine();
        if (header?.TrimEnd('\r') != Header)
        {
            problems.Add($"{name}: not an influence CSV (the header is not {Header})");
            return rows;
        }
        long line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0) continue;
            string[] c = text.TrimEnd('\r').Split(',');
            var inv = CultureInfo.InvariantCulture;
            if (c.Length == 9
                && long.TryParse(c[0], NumberStyles.None, inv, out long a) && long.TryParse(c[1], NumberStyles.None, inv, out long b)
                && long.TryParse(c[2], NumberStyles.None, inv, out long j) && double.TryParse(c[5], NumberStyles.Float, inv, out double score)
                && (c[6].Length == 0 || long.TryParse(c[6], NumberStyles.None, inv, out _)) && int.TryParse(c[7], NumberStyles.None, inv, out int reads)
                && c[8] is "" or "0" or "1" && b >= a)
            {
                rows.Add(new InfluenceCsvRow(new StepWindow(a, b), j, score, c[6].Length == 0 ? null : long.Parse(c[6], inv), reads,
                    c[8] switch { "1" => true, "0" => false, _ => null }));
                continue;
            }
            problems.Add(string.Create(inv, $"{name} line {line}: not an influence row ({Header}); skipped"));
        }
        return rows;
    }

    /// <summary>Writes the header and every window of <paramref name="windows"/>.</summary>
    public static void Write(TextWriter o, IReadOnlyList<WindowInfluence> windows, TrainSamples samples)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(windows);
        o.WriteLine(Header);
        foreach (var w in windows) WriteRows(o, w, WindowSummary.Of(w, samples, 0), samples);
    }
}
