using System.Globalization;

namespace Stepwise.Training.Cluster;

/// <summary>
/// Everything a <c>stepwise slurm</c> script says: the sweep's tasks, the command each runs, the resources asked for
/// and the grace period. Built with <see cref="Create"/>, which checks what only the whole can check (the grace against
/// the time limit, every path that goes into an <c>#SBATCH</c> line); <see cref="SlurmScript.Render"/> writes it.
/// </summary>
public sealed record SlurmJob
{
    private SlurmJob() { }

    /// <summary>The tasks (one, for a single run).</summary>
    public required SweepPlan Sweep { get; init; }

    /// <summary>The config file, a full path.</summary>
    public required string ConfigPath { get; init; }

    /// <summary>The output folder holding the script, the manifest and the run folders, a full path.</summary>
    public required string OutDirectory { get; init; }

    /// <summary>The command that starts stepwise (<c>["stepwise"]</c>, or <c>["dotnet", ".../stepwise.dll"]</c>).</summary>
    public required IReadOnlyList<string> Stepwise { get; init; }

    /// <summary>What each task runs.</summary>
    public SlurmVerb Verb { get; init; }

    /// <summary>The grace period.</summary>
    public required GracePeriod Grace { get; init; }

    /// <summary>The job's time limit in whole seconds, or null for the partition's default.</summary>
    public long? TimeSeconds { get; init; }

    /// <summary><c>--partition</c>, or null.</summary>
    public string? Partition { get; init; }

    /// <summary><c>--account</c>, or null.</summary>
    public string? Account { get; init; }

    /// <summary>CPUs per task (<c>--cpus-per-task</c>, and the engine's <c>--threads</c>), or null.</summary>
    public int? Cpus { get; init; }

    /// <summary><c>--mem</c> in sbatch's form (<c>8G</c>), or null.</summary>
    public string? Memory { get; init; }

    /// <summary>The most array tasks running at once (<c>%K</c>), or null.</summary>
    public int? MaxConcurrent { get; init; }

    /// <summary>Overrides every task gets (<c>--set</c> given to <c>stepwise slurm</c>), before the task's own.</summary>
    public IReadOnlyList<string> Sets { get; init; } = [];

    /// <summary>More arguments for the command (after <c>--</c>), passed as given.</summary>
    public IReadOnlyList<string> Extra { get; init; } = [];

    /// <summary>Where the script is written, or null when it is only printed.</summary>
    public string? ScriptPath { get; init; }

    /// <summary>The lock wait of the command: the grace period, at least 60 s (a previous allocation still ending).</summary>
    public long WaitLockSeconds => Math.Max(60, Grace.Seconds);

    /// <summary>The run folder of <paramref name="task"/>, a full path.</summary>
    public string RunDirectory(SweepTask task) => Path.Combine(OutDirectory, task.Folder);

    /// <summary>The job log path as <c>#SBATCH --output</c> gives it: the run folder's <see cref="SlurmLog.FileName"/>,
    /// with <c>%a</c> (the array index) for an array.</summary>
    public string OutputPattern => Path.Combine(OutDirectory, Sweep.IsArray ? Sweep.Name + "-%a" : Sweep.Name, SlurmLog.FileName);

    /// <summary>The script's path for a given output folder and name: <c>DIR/&lt;name&gt;.sbatch</c>.</summary>
    public static string DefaultScriptPath(string outDirectory, string name) => Path.Combine(outDirectory, name + ".sbatch");

    /// <summary>The sweep manifest's path: <c>DIR/&lt;name&gt;.sweep.json</c>.</summary>
    public string ManifestPath => SweepManifest.PathFor(OutDirectory, Sweep.Name);

    /// <summary>The command for a stepwise executable path: <c>dotnet PATH</c> for a <c>.dll</c>, else the path.</summary>
    public static IReadOnlyList<string> CommandFor(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? ["dotnet", path] : [path];
    }

    /// <summary>Checks and builds a job: the grace must leave time to train within the limit; the output folder and
    /// the job name must be writable in <c>#SBATCH</c> lines.</summary>
    public static ParseResult<SlurmJob> Create(SweepPlan sweep, string configPath, string outDirectory, IReadOnlyList<string> stepwise, GracePeriod grace,
        SlurmVerb verb = SlurmVerb.Train, long? timeSeconds = null, string? partition = null, string? account = null, int? cpus = null, string? memory = null,
        int? maxConcurrent = null, IReadOnlyList<string>? sets = null, IReadOnlyList<string>? extra = null, string? scriptPath = null)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        ArgumentNullException.ThrowIfNull(grace);
        ArgumentNullException.ThrowIfNull(stepwise);
        if (stepwise.Count == 0) throw new ArgumentException("no command", nameof(stepwise));
        var inv = CultureInfo.InvariantCulture;
        if (grace.Seconds > GracePeriod.MaximumSeconds)
            return ParseResult<SlurmJob>.Fail(string.Create(inv, $"--grace: {grace.Explain()}, more than the {GracePeriod.MaximumSeconds} s sbatch --signal allows; give --grace, or faster figures"));
        if (timeSeconds is { } limit && grace.Seconds >= limit)
            return ParseResult<SlurmJob>.Fail(string.Create(inv,
                $"--time = {WallClock.FormatSlurm(limit)}: not longer than the {grace.Seconds} s grace period ({grace.Explain()}); allowed: a longer --time, or a shorter --grace"));
        var job = new SlurmJob
        {
            Sweep = sweep,
            ConfigPath = Path.GetFullPath(configPath),
            OutDirectory = Path.GetFullPath(outDirectory),
            Stepwise = stepwise,
            Verb = verb,
            Grace = grace,
            TimeSeconds = timeSeconds,
            Partition = partition,
            Account = account,
            Cpus = cpus,
            Memory = memory,
            MaxConcurrent = maxConcurrent,
            Sets = sets ?? [],
            Extra = extra ?? [],
            ScriptPath = scriptPath is null ? null : Path.GetFullPath(scriptPath),
        };
        var output = ShellQuote.Sbatch(job.OutputPattern, "--out");
        if (!output.Success) return ParseResult<SlurmJob>.Fail(output.Error!);
        if (job.OutDirectory.Contains('%', StringComparison.Ordinal))
            return ParseResult<SlurmJob>.Fail($"--out = {outDirectory}: holds %, which Slurm reads as a filename pattern in --output; choose another folder");
        return ParseResult<SlurmJob>.Ok(job);
    }
}
