namespace Stepwise.Training.Cluster;

/// <summary>One run of a sweep: its array index, its run folder's name (stable: <c>&lt;name&gt;-&lt;index&gt;</c>, so a
/// requeued task resumes its own folder) and the overrides it adds to the config (<c>--set key=value</c>, in axis order).</summary>
/// <param name="Index">The Slurm array index, 0-based.</param>
/// <param name="Folder">The run folder's name inside the output folder.</param>
/// <param name="Overrides">Key path → value.</param>
public sealed record SweepTask(int Index, string Folder, IReadOnlyList<KeyValuePair<string, string>> Overrides)
{
    /// <summary>The overrides as <c>key=value</c> (what <c>--set</c> takes).</summary>
    public IEnumerable<string> Sets => Overrides.Select(o => $"{o.Key}={o.Value}");

    /// <summary>The overrides in one line for tables: <c>seed=3 optimizer.lr=0.01</c>, or empty.</summary>
    public string Describe() => string.Join(' ', Sets);
}
