using System.Security.Cryptography;
using System.Text;
using Stepwise.Config;
using Stepwise.Configuration;
using Stepwise.Engine.Models;
using Stepwise.Engine.Optim;
using Stepwise.Planning;
using Stepwise.Training.Data;
using Stepwise.Training.Models;
using Stepwise.Training.Sampling;
using Stepwise.Engine;

namespace Stepwise.Training.Setup;

/// <summary>
/// Everything a run needs, validated before anything is written: the bound config, the loaded data, the plan (with the
/// train size taken from the data), the model, the optimizer and the learning-rate schedule. <c>stepwise plan</c> on
/// a run config builds the same plan, so what it prints is what <c>stepwise train</c> does.
/// </summary>
public sealed class RunSetup
{
    private RunSetup(ConfigValues values, RunConfig config, LoadedData data, Plan plan, Resolved resolved, RowExclusion? exclusion, InitialWeights? init)
    {
        Init = init;
        Values = values;
        Config = config;
        Data = data;
        Plan = plan;
        LogEvery = resolved.LogEvery;
        LrSchedule = resolved.LrSchedule;
        Retention = resolved.Retention;
        EvalBatch = resolved.EvalBatch;
        ResolvedYaml = resolved.Yaml;
        PlanJsonText = resolved.PlanJson;
        ConfigHash = Sha256(ResolvedYaml);
        Exclusion = exclusion;
        var g = Geometry;
        Identity = new RunIdentity(Config.Data.Source, Data.Fingerprint, g.BatchSize, g.GradAccum, g.WorldSize, g.DropLast,
            Config.Model, Config.Optimizer, Config.Seed, exclusion?.Digest, init?.Sha256);
    }

    /// <summary>The bound values.</summary>
    public ConfigValues Values { get; }

    /// <summary>The typed run config.</summary>
    public RunConfig Config { get; }

    /// <summary>The loaded splits.</summary>
    public LoadedData Data { get; }

    /// <summary>The plan.</summary>
    public Plan Plan { get; }

    /// <summary>T, the number of updates.</summary>
    public long TotalSteps => Plan.TotalSteps.Value;

    /// <summary>The epoch geometry (always known for a run: it comes from the data).</summary>
    public EpochGeometry Geometry => Plan.Geometry!;

    /// <summary>Training rows are logged at multiples of this many steps (and at T).</summary>
    public long LogEvery { get; }

    /// <summary>The learning-rate schedule over the plan's T updates.</summary>
    public LrSchedule LrSchedule { get; }

    /// <summary>Resolved retention.</summary>
    public RetentionSpec Retention { get; }

    /// <summary>Rows per evaluation batch.</summary>
    public int EvalBatch { get; }

    /// <summary>The resolved config as YAML (canonical key names, values as given, defaults not shown).</summary>
    public string ResolvedYaml { get; }

    /// <summary>SHA-256 (hex) of <see cref="ResolvedYaml"/>.</summary>
    public string ConfigHash { get; }

    /// <summary>The plan's JSON contract (docs/cli.md).</summary>
    public string PlanJsonText { get; }

    /// <summary>What a checkpoint must agree on to be resumed by this config.</summary>
    public RunIdentity Identity { get; }

    /// <summary>The splits evaluated at scheduled evaluations: <c>eval.splits</c>, else every split but train (train
    /// alone when it is the only one). The final step evaluates every split.</summary>
    public IReadOnlyList<string> EvalSplits => Config.EvalSplits ?? (Data.SplitNames.Count > 1 ? Data.SplitNames.Where(s => s != "train").ToList() : Data.SplitNames);

    /// <summary>The weights the model starts from (<c>model.init_from</c>: a checkpoint's model.safetensors, for
    /// fine-tuning), or null for the seed's initialization.</summary>
    public InitialWeights? Init { get; }

    /// <summary>Train rows weighted 0 inside a window of updates, or null (<see cref="WithExclusion"/>).</summary>
    public RowExclusion? Exclusion { get; }

    /// <summary>Binds, loads the data, plans and validates <paramref name="root"/>; relative data paths resolve against
    /// <paramref name="baseDirectory"/>. Returns the setup or every error found (one line each). With
    /// <paramref name="epochSpacedByDefault"/>, a config without a checkpoint schedule gets seed 004's scheme
    /// (<see cref="PlanConfig.WithEpochSpacedDefault"/>; <c>stepwise checkpoints</c>).</summary>
    public static (RunSetup? Setup, IReadOnlyList<ConfigError> Errors) Create(ConfigNode root, string baseDirectory, bool epochSpacedByDefault = false)
    {
        var (values, bindErrors) = ConfigBinder.Bind(root, RunSchema.Run);
        if (bindErrors.Count > 0) return (null, bindErrors);
        foreach (string key in new[] { "data.path", "model.init_from" })
        {
            if (values.Word(key) is { } rel && !Path.IsPathRooted(rel))
            {
                var entry = values.Entry(key)!;
                values.Set(key, entry with { Value = Path.GetFullPath(Path.Combine(baseDirectory, rel)) });
            }
        }
        SplitFiles.Resolve(values, baseDirectory); // data.splits files, absolute as data.path
        var (config, errors) = RunConfig.FromValues(values);
        if (config is null) return (null, errors);
        var loaded = DataLoader.Load(config.Data, baseDirectory, SeedStreams.Derive(config.Seed, SeedStreams.Data));
        if (!loaded.TryGetValue(out LoadedData? data)) return (null, [new ConfigError("data", null, loaded.Error!)]);

        var planConfig = PlanConfig.FromValues(values);
        if (epochSpacedByDefault) planConfig = planConfig.WithEpochSpacedDefault();
        // A fixed epoch (steps or samples per epoch, or an epoch time) is drawn from the data with replacement: the data's
        // size is then the unique-sample count coverage divides by, not the epoch's length.
        planConfig = planConfig with
        {
            Data = planConfig.Data.SamplesPerEpoch is not null || planConfig.Data.EpochTime is not null
                ? planConfig.Data with { UniqueSamples = planConfig.Data.UniqueSamples ?? data.TrainCount }
                : planConfig.Data with { TrainSize = data.TrainCount },
            Notes = data.Notes,
            Duration = data.Sequences is not null && planConfig.Duration.SeqLen is null
                ? planConfig.Duration with { SeqLen = config.Data.Context } : planConfig.Duration,
        };
        var built = PlanBuilder.Build(planConfig);
        if (!built.Success) return (null, built.Errors);
        var (resolved, more) = Resolve(values, config, data, built.Plan!);
        if (resolved is null) return (null, more);
        InitialWeights? init = null;
        if (values.Word("model.init_from") is { } from)
        {
            var weights = InitialWeights.Load(from, values.Key("model.init_from"));
            if (!weights.TryGetValue(out init)) return (null, [new ConfigError(values.Key("model.init_from"), from, weights.Error!)]);
        }
        var setup = new RunSetup(values, config, data, built.Plan!, resolved, null, init);
        if (init is not null && init.Mismatch(setup.CreateModel(applyInit: false)) is { } problem)
            return (null, [new ConfigError(values.Key("model.init_from"), init.Path, problem)]);
        return (setup, more);
    }

    /// <summary><see cref="Create"/> from YAML text (a run folder's or a checkpoint's <c>config.yaml</c>, whose data paths
    /// are absolute); <paramref name="source"/> names the text in messages.</summary>
    public static (RunSetup? Setup, IReadOnlyList<ConfigError> Errors) FromYaml(string yaml, string source, string baseDirectory)
    {
        var root = YamlConfigReader.ReadText(yaml, source);
        if (!root.TryGetValue(out var node)) return (null, [new ConfigError(source, null, root.Error!)]);
        return Create(node, baseDirectory);
    }

    /// <summary>This setup with <paramref name="exclusion"/> (or none); throws <see cref="ArgumentException"/> when a row
    /// is not a train row or the window ends past the plan's last update.</summary>
    public RunSetup WithExclusion(RowExclusion? exclusion)
    {
        if (exclusion is not null)
        {
            if (exclusion.MaxRow >= Data.TrainCount)
                throw new ArgumentException($"row {exclusion.MaxRow} is not a train row (the train split has rows 0..{Data.TrainCount - 1})", nameof(exclusion));
            if (exclusion.Window.End >= TotalSteps)
                throw new ArgumentException($"window {exclusion.Window} ends past the run's last update {TotalSteps - 1}", nameof(exclusion));
        }
        var resolved = new Resolved(LogEvery, LrSchedule, Retention, EvalBatch, ResolvedYaml, PlanJsonText);
        return new RunSetup(Values, Config, Data, Plan, resolved, exclusion, Init);
    }

    /// <summary>Creates the model for this run, initialized from the seed, then from <see cref="Init"/> when given
    /// (before any resume).</summary>
    public ITrainModel CreateModel() => CreateModel(applyInit: true);

    private ITrainModel CreateModel(bool applyInit)
    {
        ITrainModel model;
        if (Data.Tabular is { } tab)
        {
            model = new TabularTrainModel(ModelFactory.Mlp(Config.Model, Data.Features, Data.Classes), tab, Data.SplitNames);
        }
        else
        {
            var seq = Data.Sequences!;
            var gpt = ModelFactory.Gpt(Config.Model, seq["train"].Vocab, seq["train"].Context);
            gpt.DropoutRng = new Rng(SeedStreams.Derive(Config.Seed, SeedStreams.Dropout));
            model = new SequenceTrainModel(gpt, seq, Data.SplitNames);
        }
        model.Initialize(new Rng(SeedStreams.Derive(Config.Seed, SeedStreams.Init)));
        if (applyInit) Init?.CopyTo(model);
        return model;
    }

    /// <summary>Creates the optimizer for <paramref name="parameters"/> values.</summary>
    public IOptimizer<float> CreateOptimizer(int parameters)
    {
        var o = Config.Optimizer;
        return o.Kind == "adamw"
            ? new AdamW<float>(parameters, o.Beta1, o.Beta2, o.Eps, o.WeightDecay)
            : new Sgd<float>(parameters, o.Momentum, o.Nesterov, o.WeightDecay);
    }

    /// <summary>Creates the sampler that decides which train rows every update reads: the epoch sampler (shuffled
    /// epochs, as PyTorch's DataLoader) for a dataset geometry, the replacement sampler for a fixed epoch.</summary>
    public IBatchSampler CreateSampler() =>
        Geometry.TrainSize is not null ? new EpochSampler(Geometry, Config.Seed) : new ReplacementSampler(Data.TrainCount, Geometry, Config.Seed);

    private sealed record Resolved(long LogEvery, LrSchedule LrSchedule, RetentionSpec Retention, int EvalBatch, string Yaml, string PlanJson);

    private static (Resolved? Resolved, List<ConfigError> Errors) Resolve(ConfigValues values, RunConfig config, LoadedData data, Plan plan)
    {
        var errors = new List<ConfigError>();
        var geometry = plan.Geometry!;
        long total = plan.TotalSteps.Value;
        var conv = new StepConverter(geometry, total, plan.StepSeconds, data.Sequences is not null ? config.Data.Context : null);
        long? Steps(string path, TimeValue? value)
        {
            if (value is not { } tv) return null;
            var r = conv.ToSteps(tv);
            if (!r.TryGetValue(out long s)) { errors.Add(new(values.Key(path), values.Text(path), r.Error!)); return null; }
            return s;
        }
        long? log = Steps("log.every", config.LogEvery);
        if (log is < 1) errors.Add(new(values.Key("log.every"), values.Text("log.every"), "must be ≥ 1 step"));

        var lr = config.LrSchedule;
        long stepSize = Steps("lr_schedule.step_size", lr.StepSize) ?? geometry.UpdatesPerEpoch;
        var (warmup, warmupError) = lr.WarmupUpdates(values, conv, total);
        if (warmupError is not null) errors.Add(warmupError);
        var schedule = new LrSchedule(lr.Kind, config.Optimizer.Lr, new StepCount(total), new StepCount(Math.Min(warmup, total)), lr.MinLr, new StepCount(Math.Max(0, stepSize)), lr.Gamma);
        if (schedule.Validate() is { } msg) errors.Add(new("lr_schedule", null, msg));

        var permanent = new HashSet<long>();
        for (int i = 0; i < config.Permanent.At.Count; i++)
        {
            if (Steps("checkpoints.permanent", config.Permanent.At[i]) is { } s) permanent.Add(s);
        }
        long? every = Steps("checkpoints.permanent_every", config.Permanent.Every);
        if (every is < 1) errors.Add(new(values.Key("checkpoints.permanent_every"), values.Text("checkpoints.permanent_every"), "must be ≥ 1 step"));
        string? metric = config.Best.Metric;
        var retention = new RetentionSpec(plan.KeepLast, config.Best.KeepBest, metric,
            config.Best.GreaterIsBetter ?? (metric?.Contains("accuracy", StringComparison.Ordinal) ?? false), permanent, every is >= 1 ? every : null,
            plan.RecordCheckpoints);

        var splits = data.SplitNames;
        foreach (string s in config.EvalSplits ?? [])
        {
            if (!splits.Contains(s))
            {
                string? guess = DidYouMean.Suggest(s, splits);
                errors.Add(new(values.Key("eval.splits"), s, $"no such split{(guess is null ? "" : $"; did you mean '{guess}'?")} (the data has: {string.Join(", ", splits)})"));
            }
        }
        if (metric is not null)
        {
            string[] known = splits.SelectMany(s => new[] { $"{s}_loss", $"{s}_accuracy" }).ToArray();
            if (!known.Contains(metric))
            {
                string? guess = DidYouMean.Suggest(metric, known);
                errors.Add(new(values.Key("checkpoints.best_metric"), metric, $"not a logged metric{(guess is null ? "" : $"; did you mean '{guess}'?")} (allowed: {string.Join(", ", known)})"));
            }
        }
        int evalBatch = config.EvalBatchSize ?? (data.Sequences is not null ? (int)Math.Min(geometry.BatchSize, 64) : 256);
        var json = PlanJson.Write(plan);
        if (!json.TryGetValue(out string? planJson)) errors.Add(new("plan", null, json.Error!));
        if (errors.Count > 0) return (null, errors);
        return (new Resolved(log ?? 1, schedule, retention, evalBatch, YamlConfigWriter.Write(values, RunSchema.Run), planJson!), errors);
    }

    /// <summary>Lower-case hex SHA-256 of UTF-8 <paramref name="text"/>.</summary>
    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
