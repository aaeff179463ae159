using System.Globalization;
using Stepwise.Config;
using Stepwise.Configuration;
using Stepwise.Training.Checkpoints;
using Stepwise.Training.Runs;

namespace Stepwise.Reports;

/// <summary>
/// Everything a report reads from a run folder, read once through <see cref="RunFolder"/> and never throwing for a
/// damaged folder: each file that is missing or cannot be read leaves its part null or empty and adds one line to
/// <see cref="Warnings"/>. Metrics are kept as series of (step, value) per field, in file order.
/// </summary>
internal sealed class RunData
{
    private RunData(RunFolder folder) => Folder = folder;

    /// <summary>The folder.</summary>
    public RunFolder Folder { get; }

    /// <summary>The run's name: the config's <c>name</c>, else the folder's name.</summary>
    public string Name { get; private set; } = "";

    /// <summary>run.json, or null.</summary>
    public RunStatusFile? Status { get; private set; }

    /// <summary>plan.json, or null.</summary>
    public PlanSummary? Plan { get; private set; }

    /// <summary>config.yaml's text, or null.</summary>
    public string? ConfigYaml { get; private set; }

    /// <summary>config.yaml as a tree, or null.</summary>
    public ConfigMapping? Config { get; private set; }

    /// <summary>Training-row fields (<c>loss</c>, <c>lr</c>, …) → points, in file order.</summary>
    public Dictionary<string, Series> Training { get; } = new(StringComparer.Ordinal);

    /// <summary>Evaluation-row fields (<c>val_loss</c>, <c>test_accuracy</c>, …) → points, in file order.</summary>
    public Dictionary<string, Series> Evaluation { get; } = new(StringComparer.Ordinal);

    /// <summary>The number of metrics rows read.</summary>
    public long MetricsRows { get; private set; }

    /// <summary>timing.jsonl's rows.</summary>
    public IReadOnlyList<TimingRecord> Timing { get; private set; } = [];

    /// <summary>The checkpoint folders.</summary>
    public IReadOnlyList<CheckpointInfo> Checkpoints { get; private set; } = [];

    /// <summary>What could not be read, one line each.</summary>
    public List<string> Warnings { get; } = [];

    /// <summary>U, from plan.json or run.json, or null.</summary>
    public long? StepsPerEpoch => Plan?.StepsPerEpoch ?? Status?.StepsPerEpoch;

    /// <summary>T, from run.json or plan.json, or null.</summary>
    public long? TotalSteps => Status?.TotalSteps ?? Plan?.TotalSteps;

    /// <summary>The last step with a metrics row, or null.</summary>
    public long? LastLoggedStep { get; private set; }

    /// <summary>Wall-clock seconds over every segment (the last row of each), or null without timing rows.</summary>
    public double? WallSeconds => Timing.Count == 0 ? null : Timing.GroupBy(t => t.Segment).Sum(g => g.Max(t => t.WallSeconds));

    /// <summary>The number of processes that trained the folder (timing segments).</summary>
    public int Segments => Timing.Select(t => t.Segment).Distinct().Count();

    /// <summary>A (step, value) series; null values (non-finite in the file) are NaN.</summary>
    public sealed class Series
    {
        /// <summary>Steps.</summary>
        public List<long> Steps { get; } = [];

        /// <summary>Values.</summary>
        public List<double> Values { get; } = [];

        /// <summary>The number of NaN values.</summary>
        public long Missing { get; set; }
    }

    /// <summary>Reads <paramref name="folder"/>.</summary>
    public static RunData Read(RunFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var d = new RunData(folder);
        d.Load();
        return d;
    }

    private void Load()
    {
        Status = Try(() => Folder.Status, RunFiles.Run);
        if (Status is null && !Exists(RunFiles.Run)) Warnings.Add($"{RunFiles.Run} is missing: the run's status is unknown");
        Plan = Try(() => Folder.Plan, RunFiles.Plan);
        if (Plan is null && !Exists(RunFiles.Plan)) Warnings.Add($"{RunFiles.Plan} is missing: no plan timeline, no epoch boundaries");
        ConfigYaml = Try(() => Folder.ConfigYaml, RunFiles.Config);
        if (ConfigYaml is not null)
        {
            var parsed = YamlConfigReader.ReadText(ConfigYaml, RunFiles.Config);
            if (parsed.TryGetValue(out var node) && node is ConfigMapping m) Config = m;
            else Warnings.Add($"{RunFiles.Config} cannot be read as a config ({parsed.Error ?? "not a mapping"}); shown as text only");
        }
        else if (!Exists(RunFiles.Config)) Warnings.Add($"{RunFiles.Config} is missing: no config summary");
        Name = (Config?.Get("name") as ConfigScalar)?.Text is { Length: > 0 } n ? n : Folder.Name;
        Checkpoints = Try(() => Folder.Checkpoints, "checkpoints") ?? [];
        ReadMetrics();
        var problems = new List<string>();
        Timing = Try(() => Folder.Timing(problems).ToList(), RunFiles.Timing) ?? [];
        Warnings.AddRange(problems);
    }

    private void ReadMetrics()
    {
        if (!Exists(RunFiles.Metrics))
        {
            Warnings.Add($"{RunFiles.Metrics} is missing: no training curves yet");
            return;
        }
        var problems = new List<string>();
        try
        {
            foreach (var row in Folder.Metrics(problems))
            {
                MetricsRows++;
                LastLoggedStep = LastLoggedStep is { } l ? Math.Max(l, row.Step) : row.Step;
                var target = row.IsTraining ? Training : Evaluation;
                foreach (var (key, value) in row.Values)
                {
                    if (!target.TryGetValue(key, out var s)) target[key] = s = new Series();
                    s.Steps.Add(row.Step);
                    s.Values.Add(value ?? double.NaN);
                    if (value is null) s.Missing++;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Warnings.Add($"{RunFiles.Metrics}: cannot be read ({e.Message}); curves stop at step {LastLoggedStep?.ToString(CultureInfo.InvariantCulture) ?? "0"}");
        }
        Warnings.AddRange(problems);
        if (MetricsRows == 0) Warnings.Add($"{RunFiles.Metrics} has no rows yet: no training curves");
        foreach (var (key, s) in Training.Concat(Evaluation))
        {
            if (s.Missing > 0) Warnings.Add($"{RunFiles.Metrics}: {key} is null (not finite) in {Page.Html.Count(s.Missing)} row(s); drawn as gaps");
        }
    }

    private bool Exists(string name) => File.Exists(Path.Combine(Folder.Directory, name));

    private T? Try<T>(Func<T?> read, string what) where T : class
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException or System.Text.Json.JsonException or InvalidOperationException or KeyNotFoundException)
        {
            Warnings.Add($"{what}: cannot be read ({e.Message.ReplaceLineEndings(" ")}); left out");
            return null;
        }
    }
}
