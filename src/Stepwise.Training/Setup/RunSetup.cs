using System.Security.Cryptography;
using System.Text;
using Stepwise.Configuration;
using Stepwise.Engine.Layers;
using Stepwise.Engine.Models;
using Stepwise.Engine.Optim;
using Stepwise.Planning;
using Stepwise.Training.Data;
using Stepwise.Training.Models;
using Stepwise.Engine;

namespace Stepwise.Training.Setup;

/// <summary>
/// Everything a run needs, validated before anything is written: the bound config, the loaded data, the plan (with the
/// train size taken from the data), the model, the optimizer and the learning-rate schedule. <c>stepwise plan</c> on
/// a run config builds the same plan, so what it prints is what <c>stepwise train</c> does.
/// </summary>
public sealed class RunSetup
{
    private RunSetup(ConfigValues values, RunConfig config, LoadedData data, Plan plan)
    {
        Values = values;
        Config = config;
        Data = data;
        Plan = plan;
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
    public long LogEvery { get; private set; } = 1;

    /// <summary>The learning-rate schedule over the plan's T updates.</summary>
    public LrSchedule LrSchedule { get; private set; } = null!;

    /// <summary>Resolved retention.</summary>
    public RetentionSpec Retention { get; private set; } = null!;

    /// <summary>Rows per evaluation batch.</summary>
    public int EvalBatch { get; private set; }

    /// <summary>The resolved config as YAML (canonical key names, values as given, defaults not shown).</summary>
    public string ResolvedYaml { get; private set; } = "";

    /// <summary>SHA-256 (hex) of <see cref="ResolvedYaml"/>.</summary>
    public string ConfigHash => Sha256(ResolvedYaml);

    /// <summary>The plan's JSON contract (docs/cli.md).</summary>
    public string PlanJsonText { get; private set; } = "";

    /// <summary>What a checkpoint must agree on to be resumed by this config: data, geometry, model, optimizer, seed.</summary>
    public IReadOnlyDictionary<string, string> Identity { get; private set; } = new Dictionary<string, string>();

    /// <summary>Binds, loads the data, plans and validates <paramref name="root"/>; relative data paths resolve against
    /// <paramref name="baseDirectory"/>. Returns the setup or every error found (one line each).</summary>
    public static (RunSetup? Setup, IReadOnlyList<ConfigError> Errors) Create(ConfigNode root, string baseDirectory)
    {
        var (values, bindErrors) = ConfigBinder.Bind(root, RunSchema.Run);
        if (bindErrors.Count > 0) return (null, bindErrors);
        if (values.Word("data.path") is { } rel && !Path.IsPathRooted(rel))
        {
            var entry = values.Entry("data.path")!;
            values.Set("data.path", entry with { Value = Path.GetFullPath(Path.Combine(baseDirectory, rel)) });
        }
        var (config, errors) = RunConfig.FromValues(values);
        if (config is null) return (null, errors);
        var loaded = DataLoader.Load(config.Data, baseDirectory, SeedStreams.Derive(config.Seed, SeedStreams.Data));
        if (!loaded.TryGetValue(out LoadedData? data)) return (null, [new ConfigError("data", null, loaded.Error!)]);

        var planConfig = PlanConfig.FromValues(values);
        planConfig = planConfig with
        {
            Data = planConfig.Data with { TrainSize = data.TrainCount },
            Notes = data.Notes,
            Duration = data.Sequences is not null && planConfig.Duration.SeqLen is null
                ? planConfig.Duration with { SeqLen = config.Data.Context } : planConfig.Duration,
        };
        var built = PlanBuilder.Build(planConfig);
        if (!built.Success) return (null, built.Errors);
        var setup = new RunSetup(values, config, data, built.Plan!);
        var more = setup.Resolve();
        return more.Count == 0 ? (setup, more) : (null, more);
    }

    /// <summary>Creates the model for this run, initialized from the seed (before any resume).</summary>
    public ITrainModel CreateModel()
    {
        var m = Config.Model;
        ITrainModel model;
        if (Data.Tabular is { } tab)
        {
            var act = m.Activation switch { "gelu" => Activation.Gelu, "tanh" => Activation.Tanh, _ => Activation.Relu };
            var mlp = new Mlp<float>(Data.Features, m.Kind == "logreg" ? [] : m.Hidden, Data.Classes, act, m.L2);
            model = new TabularTrainModel(mlp, tab, Data.SplitNames);
        }
        else
        {
            var seq = Data.Sequences!;
            var train = seq["train"];
            var gpt = new TinyGpt<float>(new TinyGptConfig(train.Vocab, train.Context, m.Layers, m.Heads, m.Width, m.Dropout, m.TieWeights));
            gpt.DropoutRng = new Rng(SeedStreams.Derive(Config.Seed, SeedStreams.Dropout));
            model = new SequenceTrainModel(gpt, seq, Data.SplitNames);
        }
        model.Initialize(new Rng(SeedStreams.Derive(Config.Seed, SeedStreams.Init)));
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

    private List<ConfigError> Resolve()
    {
        var errors = new List<ConfigError>();
        var conv = new StepConverter(Geometry, TotalSteps, Plan.StepSeconds, Data.Sequences is not null ? Config.Data.Context : null);
        long? Steps(string path, TimeValue? value)
        {
            if (value is not { } tv) return null;
            var r = conv.ToSteps(tv);
            if (!r.TryGetValue(out long s)) { errors.Add(new(Values.Key(path), Values.Text(path), r.Error!)); return null; }
            return s;
        }
        long? log = Steps("log.every", Config.LogEvery);
        if (log is < 1) errors.Add(new(Values.Key("log.every"), Values.Text("log.every"), "must be ≥ 1 step"));
        LogEvery = log is >= 1 ? log.Value : 1;

        var lr = Config.LrSchedule;
        long warmup = Steps("lr_schedule.warmup_steps", lr.Warmup) ?? (lr.WarmupRatio is { } ratio ? (long)decimal.Ceiling(ratio * TotalSteps) : 0);
        long stepSize = Steps("lr_schedule.step_size", lr.StepSize) ?? Geometry.UpdatesPerEpoch;
        LrSchedule = new LrSchedule(lr.Kind, Config.Optimizer.Lr, TotalSteps, warmup, lr.MinLr, stepSize, lr.Gamma);
        if (LrSchedule.Validate() is { } msg) errors.Add(new("lr_schedule", null, msg));

        var permanent = new HashSet<long>();
        for (int i = 0; i < Config.Permanent.At.Count; i++)
        {
            if (Steps("checkpoints.permanent", Config.Permanent.At[i]) is { } s) permanent.Add(s);
        }
        long? every = Steps("checkpoints.permanent_every", Config.Permanent.Every);
        if (every is < 1) errors.Add(new(Values.Key("checkpoints.permanent_every"), Values.Text("checkpoints.permanent_every"), "must be ≥ 1 step"));
        string? metric = Config.Best.Metric;
        Retention = new RetentionSpec(Plan.KeepLast, Config.Best.KeepBest, metric,
            Config.Best.GreaterIsBetter ?? (metric?.Contains("accuracy", StringComparison.Ordinal) ?? false), permanent, every is >= 1 ? every : null);

        var splits = Data.SplitNames;
        foreach (string s in Config.EvalSplits ?? [])
        {
            if (!splits.Contains(s))
            {
                string? guess = DidYouMean.Suggest(s, splits);
                errors.Add(new(Values.Key("eval.splits"), s, $"no such split{(guess is null ? "" : $"; did you mean '{guess}'?")} (the data has: {string.Join(", ", splits)})"));
            }
        }
        if (metric is not null)
        {
            string[] known = splits.SelectMany(s => new[] { $"{s}_loss", $"{s}_accuracy" }).ToArray();
            if (!known.Contains(metric))
            {
                string? guess = DidYouMean.Suggest(metric, known);
                errors.Add(new(Values.Key("checkpoints.best_metric"), metric, $"not a logged metric{(guess is null ? "" : $"; did you mean '{guess}'?")} (allowed: {string.Join(", ", known)})"));
            }
        }
        EvalBatch = Config.EvalBatchSize ?? (Data.Sequences is not null ? (int)Math.Min(Geometry.BatchSize, 64) : 256);
        ResolvedYaml = ConfigYaml.Write(Values, RunSchema.Run);
        var json = PlanJson.Write(Plan);
        if (!json.TryGetValue(out string? planJson)) errors.Add(new("plan", null, json.Error!));
        PlanJsonText = planJson ?? "";
        var g = Geometry;
        Identity = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["data"] = $"{Config.Data.Source} {Data.Fingerprint}",
            ["batch.size"] = g.BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["batch.grad_accum"] = g.GradAccum.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["batch.world_size"] = g.WorldSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["batch.drop_last"] = g.DropLast ? "true" : "false",
            ["model"] = Config.Model.Identity,
            ["optimizer"] = Config.Optimizer.Identity,
            ["seed"] = Config.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return errors;
    }

    /// <summary>Lower-case hex SHA-256 of UTF-8 <paramref name="text"/>.</summary>
    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
