using System.Globalization;

namespace Stepwise.Training.Cluster;

/// <summary>
/// The runs of one <c>stepwise slurm</c> submission: a single run (no axes: one task whose folder is the name), or the
/// cross product of the axes as a job array, the first axis varying slowest (as <c>itertools.product</c>), task k in
/// folder <c>&lt;name&gt;-k</c>.
/// </summary>
/// <param name="Name">The run name (the config's <c>name</c>, else the config file's name).</param>
/// <param name="Axes">The axes, in the order given.</param>
/// <param name="Tasks">The tasks by index.</param>
public sealed record SweepPlan(string Name, IReadOnlyList<SweepAxis> Axes, IReadOnlyList<SweepTask> Tasks)
{
    /// <summary>The most tasks of one sweep (Slurm's default <c>MaxArraySize</c> is 1001; clusters raise it).</summary>
    public const int MaxTasks = 10_000;

    /// <summary>Whether this is a job array (any axis), even of one task.</summary>
    public bool IsArray => Axes.Count > 0;

    /// <summary>Expands <paramref name="axes"/> for <paramref name="name"/>; refuses a key given on two axes, a name that
    /// cannot name a folder (<see cref="CheckName"/>) and more than <see cref="MaxTasks"/> tasks.</summary>
    public static ParseResult<SweepPlan> Expand(string name, IReadOnlyList<SweepAxis> axes)
    {
        ArgumentNullException.ThrowIfNull(axes);
        var checkedName = CheckName(name);
        if (!checkedName.Success) return ParseResult<SweepPlan>.Fail(checkedName.Error!);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in axes)
            if (!keys.Add(a.Key)) return ParseResult<SweepPlan>.Fail($"{a.Key}: given on two sweep axes; give each key once (--array or --sweep)");
        if (axes.Count == 0) return ParseResult<SweepPlan>.Ok(new SweepPlan(name, axes, [new SweepTask(0, name, [])]));
        long count = 1;
        foreach (var a in axes)
        {
            count = checked(count * a.Values.Count);
            if (count > MaxTasks)
                return ParseResult<SweepPlan>.Fail(string.Create(CultureInfo.InvariantCulture,
                    $"the sweep has {string.Join(" × ", axes.Select(x => x.Values.Count))} tasks, more than {MaxTasks}; split it into several submissions"));
        }
        var tasks = new List<SweepTask>((int)count);
        var index = new int[axes.Count];
        for (int k = 0; k < count; k++)
        {
            var overrides = new List<KeyValuePair<string, string>>(axes.Count);
            for (int i = 0; i < axes.Count; i++) overrides.Add(new(axes[i].Key, axes[i].Values[index[i]]));
            tasks.Add(new SweepTask(k, string.Create(CultureInfo.InvariantCulture, $"{name}-{k}"), overrides));
            for (int i = axes.Count - 1; i >= 0; i--)
            {
                if (++index[i] < axes[i].Values.Count) break;
                index[i] = 0;
            }
        }
        return ParseResult<SweepPlan>.Ok(new SweepPlan(name, axes, tasks));
    }

    /// <summary>Keys that change results but not the cost of an update, an evaluation or a save: the seed, the
    /// optimizer's numbers and the learning-rate schedule. Tasks that differ only in these share one set of measured
    /// figures (<see cref="CostGroups"/>).</summary>
    public static IReadOnlyList<string> CostNeutralKeys { get; } =
        ["seed", "optimizer.lr", "optimizer.momentum", "optimizer.nesterov", "optimizer.weight_decay", "optimizer.betas", "optimizer.eps", "lr_schedule.*"];

    /// <summary>The tasks grouped by their overrides of keys that can change the cost of an update (all but
    /// <see cref="CostNeutralKeys"/>), in order of first task; one task of each group is measured for the grace period.</summary>
    public IReadOnlyList<IReadOnlyList<SweepTask>> CostGroups()
    {
        static bool Neutral(string key) => CostNeutralKeys.Any(k => k.EndsWith(".*", StringComparison.Ordinal) ? key.StartsWith(k[..^1], StringComparison.Ordinal) : key == k);
        return Tasks.GroupBy(t => string.Join("\n", t.Overrides.Where(o => !Neutral(o.Key)).Select(o => o.Key + "=" + o.Value)), StringComparer.Ordinal)
            .Select(g => (IReadOnlyList<SweepTask>)g.ToList()).ToList();
    }

    /// <summary>Whether <paramref name="name"/> can name run folders and a job: not empty, not <c>.</c> or <c>..</c>, no
    /// <c>/</c>, <c>\</c>, <c>%</c> (a Slurm filename pattern), control characters or quotes of both kinds.</summary>
    public static ParseResult<string> CheckName(string name)
    {
        string why = string.IsNullOrWhiteSpace(name) ? "is empty"
            : name is "." or ".." ? "is not a folder name"
            : name.IndexOfAny(['/', '\\']) >= 0 ? "holds a path separator"
            : name.Contains('%', StringComparison.Ordinal) ? "holds %, a Slurm filename pattern"
            : name.Any(char.IsControl) ? "holds a control character"
            : name.Contains('\'', StringComparison.Ordinal) && name.Contains('"', StringComparison.Ordinal) ? "holds both quote characters"
            : "";
        return why.Length == 0 ? ParseResult<string>.Ok(name)
            : ParseResult<string>.Fail($"name = {name}: {why}; the run name names the job and its run folders (set name: in the config)");
    }
}
