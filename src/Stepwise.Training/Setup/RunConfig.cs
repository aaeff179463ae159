using Stepwise.Configuration;
using Stepwise.Engine.Optim;
using Stepwise.Training.Data;

namespace Stepwise.Training.Setup;

/// <summary>
/// The typed run config: the plan's config plus what training needs (seed, threads, data source, model, optimizer,
/// learning-rate schedule, log interval, eval splits, retention). Built from bound <see cref="ConfigValues"/> with
/// defaults filled in; every range problem is one <see cref="ConfigError"/> (docs/config.md).
/// </summary>
public sealed record RunConfig
{
    /// <summary>The run's seed: data splits, initialization, sampler order and dropout all derive from it.</summary>
    public ulong Seed { get; init; }

    /// <summary>Engine threads, or null for the machine's processor count.</summary>
    public int? Threads { get; init; }

    /// <summary>The data source.</summary>
    public required DataSource Data { get; init; }

    /// <summary>The model.</summary>
    public required ModelSpec Model { get; init; }

    /// <summary>The optimizer.</summary>
    public required OptimizerSpec Optimizer { get; init; }

    /// <summary>The learning-rate schedule.</summary>
    public required LrScheduleSpec LrSchedule { get; init; }

    /// <summary>Training rows are logged every this many steps (default 1 step).</summary>
    public TimeValue? LogEvery { get; init; }

    /// <summary>Write TensorBoard event files into the run folder's tb/ (<c>log.tensorboard: true</c>, or Hugging Face's
    /// <c>report_to: tensorboard</c>).</summary>
    public bool TensorBoard { get; init; }

    /// <summary>Write report.html into the run folder when training ends or stops (<c>report</c>, default true).</summary>
    public bool Report { get; init; } = true;

    /// <summary>Splits evaluated at scheduled evaluations (default: every split but train); the final step evaluates every split.</summary>
    public IReadOnlyList<string>? EvalSplits { get; init; }

    /// <summary>Rows per evaluation batch, or null for the default (256 rows; the training batch for sequences).</summary>
    public int? EvalBatchSize { get; init; }

    /// <summary>checkpoints.keep_best, best_metric, greater_is_better.</summary>
    public (long? KeepBest, string? Metric, bool? GreaterIsBetter) Best { get; init; }

    /// <summary>checkpoints.permanent and permanent_every, unresolved.</summary>
    public (IReadOnlyList<TimeValue> At, TimeValue? Every) Permanent { get; init; }

    /// <summary>The run's name (for the default run folder), or null.</summary>
    public string? Name { get; init; }

    private static bool ReadTensorBoard(ConfigValues v, List<ConfigError> errors)
    {
        bool on = v.Bool("log.tensorboard", false);
        foreach (string target in v.TextList("log.report_to") ?? [])
        {
            switch (target)
            {
                case "tensorboard": on = true; break;
                case "none": break;
                default:
                    string? guess = DidYouMean.Suggest(target, ["tensorboard", "none"]);
                    errors.Add(new(v.Key("log.report_to"), target, $"Stepwise reports to tensorboard or none{(guess is null ? "" : $"; did you mean '{guess}'?")} (its own logs, metrics.jsonl and metrics.csv, are always written)"));
                    break;
            }
        }
        return on;
    }

    private static int? ReadThreads(ConfigValues v, List<ConfigError> errors)
    {
        if (v.Count("threads") is not { } n) return null;
        if (n <= ThreadCount.Max) return (int)n;
        errors.Add(new(v.Key("threads"), v.Text("threads"), ThreadCount.Allowed));
        return null;
    }

    /// <summary>Reads the typed config; returns it or the errors.</summary>
    public static (RunConfig? Config, IReadOnlyList<ConfigError> Errors) FromValues(ConfigValues v)
    {
        var errors = new List<ConfigError>();
        double Real(string path, double fallback, double lo, double hi, bool hiOpen, string allowed)
        {
            if (v.Real(path) is not { } d) return fallback;
            double x = (double)d;
            if (x < lo || (hiOpen ? x >= hi : x > hi)) errors.Add(new(v.Key(path), v.Text(path), $"is out of range; allowed: {allowed}"));
            return x;
        }
        int Int(string path, int fallback)
        {
            if (v.Count(path) is not { } c) return fallback;
            if (c > int.MaxValue) { errors.Add(new(v.Key(path), v.Text(path), $"is too large; allowed: ≤ {int.MaxValue}")); return fallback; }
            return (int)c;
        }

        string? source = v.Word("data.source");
        if (source is null)
        {
            errors.Add(new("data.source", null, $"missing; training needs data (allowed: {string.Join(", ", RunSchema.Sources)})"));
            source = "digits";
        }
        // The data gives the train size; an epoch of a fixed number of updates (steps_per_epoch, samples_per_epoch, or
        // epoch_time with duration.step_time: seed 003) is drawn with replacement from it instead (docs/training.md).
        foreach (string fixedKey in new[] { "data.train_size", "data.records", "data.samples_per_record" })
        {
            if (v.Has(fixedKey))
                errors.Add(new(v.Key(fixedKey), v.Text(fixedKey), $"train takes the train size from the data ({source}); remove {fixedKey} (to fix an epoch's length give data.steps_per_epoch, data.samples_per_epoch or data.epoch_time)"));
        }
        bool text = source == "text";
        var splitMap = v.SplitMap("data.splits");
        var splits = splitMap?.Where(p => p.Value.Fraction is not null).Select(p => new KeyValuePair<string, decimal>(p.Key, p.Value.Fraction!.Value)).ToList();
        var splitFiles = splitMap?.Where(p => p.Value.Path is not null).Select(p => (p.Key, p.Value.Path!)).ToList();
        if (splitMap is not null)
        {
            foreach (var (name, f) in splits!)
            {
                if (f >= 1) errors.Add(new($"{v.Key("data.splits")}.{name}", f.ToString(System.Globalization.CultureInfo.InvariantCulture), "is out of range; allowed: a fraction in (0, 1) or {path: FILE}"));
            }
            if (splitMap.Any(p => p.Key == "train"))
                errors.Add(new($"{v.Key("data.splits")}.train", null, "train gets the rows no other split takes (data.path is its file); give only the other splits (e.g. val: 0.2 or val: {path: val.csv})"));
        }
        var data = new DataSource(source, v.Word("data.path"), v.Word("data.label"), v.Count("data.n"),
            v.Count("data.features") is { } nf ? Int("data.features", 0) : null,
            v.Count("data.classes") is { } nc ? Int("data.classes", 0) : null,
            v.Real("data.label_noise") is { } ln ? Real("data.label_noise", 0, 0, 1, true, "a rate in [0, 1)") : null,
            v.Real("data.cluster_std") is { } cs ? (double)cs : null,
            v.Word("data.vocabulary"),
            text ? Int("data.context", 128) : (v.Has("data.context") ? Int("data.context", 0) : null),
            v.Word("data.split"),
            splits is { Count: > 0 } ? splits.ToDictionary(p => p.Key, p => (double)p.Value, StringComparer.Ordinal) : null,
            v.Has("data.standardize") ? v.Bool("data.standardize", false) : null,
            v.Word("data.index_column"))
        {
            SplitFiles = splitFiles is { Count: > 0 } ? splitFiles : null,
            ExcludeRows = v.CountList("data.exclude_rows"),
        };
        if (!text && (v.Has("data.context") || v.Has("data.vocabulary") || v.Has("data.split")))
            errors.Add(new("data.context", v.Text("data.context"), $"belongs to text data; data.source is {source}"));

        string kind = v.Word("model.kind") ?? (text ? "tiny_gpt" : "mlp");
        if (text && kind != "tiny_gpt") errors.Add(new(v.Key("model.kind"), kind, "text data trains tiny_gpt; allowed: tiny_gpt"));
        if (!text && kind == "tiny_gpt") errors.Add(new(v.Key("model.kind"), kind, $"tiny_gpt needs data.source: text; {source} is tabular (allowed: logreg, mlp)"));
        var hidden = v.CountList("model.hidden")?.Select(h => h > 65536 ? 0 : (int)h).ToList() ?? (kind == "mlp" ? [128] : []);
        if (hidden.Any(h => h == 0)) errors.Add(new(v.Key("model.hidden"), v.Text("model.hidden"), "a width is too large; allowed: 1..65536"));
        if (kind == "logreg" && hidden.Count > 0) errors.Add(new(v.Key("model.hidden"), v.Text("model.hidden"), "logreg has no hidden layers; use model.kind: mlp"));
        var model = new ModelSpec(kind, hidden, v.Word("model.activation") ?? "relu",
            Real("model.l2", 0, 0, double.MaxValue, false, "a number ≥ 0"),
            Int("model.layers", 2), Int("model.heads", 2), Int("model.width", 64),
            Real("model.dropout", 0, 0, 1, true, "a rate in [0, 1)"), v.Bool("model.tie_weights", true));
        if (kind == "tiny_gpt" && model.Width % model.Heads != 0)
            errors.Add(new(v.Key("model.width"), model.Width.ToString(System.Globalization.CultureInfo.InvariantCulture), $"must be a multiple of model.heads ({model.Heads})"));

        string opt = v.Word("optimizer.kind") ?? "sgd";
        var betas = v.RealList("optimizer.betas");
        if (betas is not null && (betas.Count != 2 || betas.Any(b => b >= 1)))
            errors.Add(new(v.Key("optimizer.betas"), v.Text("optimizer.betas"), "allowed: two numbers in (0, 1), e.g. [0.9, 0.999]"));
        var optimizer = new OptimizerSpec(opt,
            v.Real("optimizer.lr") is { } lr ? (double)lr : opt == "adamw" ? 1e-3 : 0.1,
            Real("optimizer.momentum", 0, 0, 1, true, "a number in [0, 1)"),
            v.Bool("optimizer.nesterov", false),
            Real("optimizer.weight_decay", opt == "adamw" ? 0.01 : 0, 0, double.MaxValue, false, "a number ≥ 0"),
            betas is { Count: 2 } ? (double)betas[0] : 0.9, betas is { Count: 2 } ? (double)betas[1] : 0.999,
            v.Real("optimizer.eps") is { } eps ? (double)eps : 1e-8);
        if (optimizer.Nesterov && optimizer.Momentum <= 0)
            errors.Add(new(v.Key("optimizer.nesterov"), "true", "Nesterov needs optimizer.momentum > 0"));
        if (opt == "sgd" && (v.Has("optimizer.betas") || v.Has("optimizer.eps")))
            errors.Add(new(v.Has("optimizer.betas") ? v.Key("optimizer.betas") : v.Key("optimizer.eps"), null, "belongs to adamw; optimizer.kind is sgd"));

        var lrs = LrScheduleSpec.Read(v, errors);

        long? keepBest = v.Count("checkpoints.keep_best");
        string? metric = v.Word("checkpoints.best_metric");
        if (keepBest is not null && metric is null)
            errors.Add(new(v.Key("checkpoints.keep_best"), v.Text("checkpoints.keep_best"), "needs checkpoints.best_metric (e.g. val_loss or val_accuracy)"));
        var config = new RunConfig
        {
            Seed = (ulong)(v.Count("seed") ?? 0),
            Threads = ReadThreads(v, errors),
            Data = data,
            Model = model,
            Optimizer = optimizer,
            LrSchedule = lrs,
            LogEvery = v.Time("log.every"),
            TensorBoard = ReadTensorBoard(v, errors),
            Report = v.Bool("report", true),
            EvalSplits = v.TextList("eval.splits"),
            EvalBatchSize = v.Has("eval.batch_size") ? Int("eval.batch_size", 256) : null,
            Best = (keepBest, metric, v.Has("checkpoints.greater_is_better") ? v.Bool("checkpoints.greater_is_better", false) : null),
            Permanent = (v.TimeList("checkpoints.permanent"), v.Time("checkpoints.permanent_every")),
            Name = v.Word("name"),
        };
        return errors.Count == 0 ? (config, errors) : (null, errors);
    }
}
