using System.Globalization;
using Stepwise.Configuration;
using Stepwise.Scheduling;

namespace Stepwise.Planning;

/// <summary>
/// Validates a <see cref="PlanConfig"/> across keys and resolves it into a <see cref="Plan"/>. Every problem is a
/// one-line <see cref="ConfigError"/> naming the key as written, its value and what is allowed.
/// </summary>
public static class PlanBuilder
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Builds the plan. With <paramref name="totalSteps"/> and <paramref name="epochs"/> the run is taken as
    /// T steps over E epochs ending at floor(e·T/E), and the data, batch and duration sections may be omitted.</summary>
    public static PlanBuildResult Build(PlanConfig config, long? totalSteps = null, long? epochs = null)
    {
        var errors = new List<ConfigError>();
        var warnings = new List<string>(config.Notes);
        EpochGeometry? geometry = null;
        EpochBoundaries? bounds = null;
        string source;
        decimal? stepSeconds = config.Duration.StepTime?.Amount;
        if (config.Duration.StepTime is { Amount: <= 0 } st0)
        {
            errors.Add(new(config.Key("duration.step_time"), config.Shown("duration.step_time", st0), "must be > 0 seconds"));
            stepSeconds = null;
        }

        if (totalSteps is not null || epochs is not null)
        {
            if (totalSteps is not { } t || epochs is not { } e)
                return Fail(new ConfigError("--total-steps/--epochs", null, "give both --total-steps T and --epochs E, or neither"));
            if (t < 1) return Fail(new ConfigError("--total-steps", t.ToString(Inv), "must be ≥ 1"));
            if (e < 1 || e > t) return Fail(new ConfigError("--epochs", e.ToString(Inv), $"must be within 1..{t} (the total steps)"));
            bounds = EpochBoundaries.Proportional(new Step(t), e);
            source = "total_steps";
        }
        else
        {
            geometry = BuildGeometry(config, stepSeconds, errors, warnings);
            if (geometry is null) return new(null, errors);
            long? t = ResolveDuration(config, geometry, stepSeconds, errors, warnings, out source);
            if (t is null) return new(null, errors);
            bounds = EpochBoundaries.Uniform(new Step(t.Value), geometry.UpdatesPerEpoch);
        }

        long total = bounds.TotalSteps.Value;
        var conv = new StepConverter(geometry, total, stepSeconds, config.Duration.SeqLen);
        Schedule checkpoints = BuildCheckpoints(config, bounds, conv, errors, warnings);
        Schedule evaluations = BuildEvaluations(config, bounds, conv, errors);
        IReadOnlyList<StepWindow> windows = [];
        if (config.Stages is { } k)
        {
            var split = StageWindows.Split(total, k);
            if (split.TryGetValue(out var w)) windows = w;
            else errors.Add(new(config.Key("stages"), k.ToString(Inv), split.Error!));
        }
        Schedule? record = null;
        long? segment = null;
        if (config.Influence.Record && errors.Count == 0)
        {
            long length = windows.Count > 0 ? windows[0].Length.Value : total;
            segment = config.Influence.Segment is { } seg ? Interval(config, "influence.segment", seg, conv, errors) : SquareRootCeiling(length);
            if (segment is { } every)
            {
                record = new UnionSchedule([new ExplicitSchedule(windows.Select(w => w.FirstState), bounds.TotalSteps), new EverySchedule(every, bounds.TotalSteps)], bounds.TotalSteps);
                checkpoints = new UnionSchedule([checkpoints, record], bounds.TotalSteps);
            }
        }
        else if (config.WrittenKeys.ContainsKey("influence.segment") && !config.Influence.Record)
        {
            warnings.Add($"note: {config.Key("influence.segment")} is ignored without influence.record: true");
        }
        if (errors.Count > 0) return new(null, errors);

        long? unique = config.Data.UniqueSamples ?? config.Data.TrainSize ?? RecordSamples(config.Data, geometry);
        var plan = new Plan(geometry, bounds, source, windows, checkpoints, evaluations, warnings)
        {
            UniqueSamples = unique,
            StepSeconds = stepSeconds,
            ModelBytes = config.ModelBytes,
            KeepLast = config.Checkpoints.KeepLast,
            RecordCheckpoints = record,
            InfluenceSegment = segment,
        };
        if (plan.Coverage is { } c && c < 0.5m)
        {
            warnings.Add(string.Create(Inv, $"warning: coverage is {c:P1}: an epoch sees {geometry!.SamplesPerEpoch} samples of {unique} unique ones (seed 003 advises 50–100 %); raise steps per epoch or batch size"));
        }
        if (plan.Estimates().EpochSeconds is { } es && es > 12m * 3600m)
        {
            warnings.Add(string.Create(Inv, $"warning: an epoch takes {es / 3600m:0.#} h at {TimeValue.FormatAmount(stepSeconds!.Value)} s per step, over 12 h: a crash loses much progress unless checkpoints fall inside epochs"));
        }
        return new(plan, errors);

        static PlanBuildResult Fail(ConfigError e) => new(null, [e]);

        static long SquareRootCeiling(long n)
        {
            long r = (long)Math.Sqrt(n);
            while (r * r < n) r++;
            while (r > 1 && (r - 1) * (r - 1) >= n) r--;
            return Math.Max(1, r);
        }
    }

    /// <summary>records × samples_per_record, the unique-sample count when an explicit steps per epoch set the epoch
    /// (seed 003: 806 volumes × 16 patches); null otherwise or on overflow.</summary>
    private static long? RecordSamples(EpochSizeConfig d, EpochGeometry? geometry)
    {
        if (geometry?.Kind != GeometryKind.FixedSteps || d.Records is not { } r || d.SamplesPerRecord is not { } s) return null;
        return r <= long.MaxValue / s ? r * s : null;
    }

    private static EpochGeometry? BuildGeometry(PlanConfig config, decimal? stepSeconds, List<ConfigError> errors, List<string> warnings)
    {
        EpochSizeConfig d = config.Data;
        BatchConfig b = config.Batch;
        if (b.Size is not { } size)
        {
            errors.Add(new("batch.size", null, "missing; give the per-device batch size, a whole number ≥ 1"));
            return null;
        }
        var given = new List<string>();
        if (d.TrainSize is not null) given.Add("data.train_size");
        if (d.StepsPerEpoch is not null) given.Add("data.steps_per_epoch");
        if (d.SamplesPerEpoch is not null) given.Add("data.samples_per_epoch");
        if (d.Records is not null || d.SamplesPerRecord is not null) given.Add("data.records");
        if (d.EpochTime is not null) given.Add("data.epoch_time");
        const string options = "data.train_size, data.steps_per_epoch, data.samples_per_epoch, data.records with data.samples_per_record, or data.epoch_time with duration.step_time";
        if (given.Count == 0)
        {
            errors.Add(new("data", null, $"missing the epoch size; give one of {options}"));
            return null;
        }
        if (d.StepsPerEpoch is { } fixedSteps && given.Count == 2 && given.Any(g => g is "data.train_size" or "data.records"))
        {
            // As max_steps wins over epochs: an explicit steps per epoch (seed 003's train_iterations_per_epoch) sets
            // the epoch, and the dataset's size becomes the unique-sample count that coverage divides by.
            string sizeKey = given.First(g => g != "data.steps_per_epoch");
            warnings.Add(StepsWinNote(config, fixedSteps, sizeKey));
            given.Remove(sizeKey);
        }
        if (given.Count > 1)
        {
            var clash = given.Contains("data.steps_per_epoch") && given.Count > 2 ? given.Where(g => g != "data.steps_per_epoch").ToList() : given;
            errors.Add(new(config.Key(clash[1]), null, $"contradicts {config.Key(clash[0])}: an epoch's size is given once, by one of {options} (data.steps_per_epoch may accompany data.train_size or data.records and overrides it)"));
            return null;
        }
        try
        {
            switch (given[0])
            {
                case "data.train_size":
                    var g = EpochGeometry.FromDataset(d.TrainSize!.Value, size, b.GradAccum, b.WorldSize, b.DropLast);
                    if (!g.Success) errors.Add(new(config.Key("batch.drop_last"), "true", g.Error!));
                    return g.Success ? g.Value : null;
                case "data.steps_per_epoch":
                    return EpochGeometry.FromStepsPerEpoch(d.StepsPerEpoch!.Value, size, b.GradAccum, b.WorldSize);
                case "data.samples_per_epoch":
                    return EpochGeometry.FromSamplesPerEpoch(d.SamplesPerEpoch!.Value, size, b.GradAccum, b.WorldSize);
                case "data.records":
                    if (d.Records is null || d.SamplesPerRecord is null)
                    {
                        errors.Add(new(d.Records is null ? config.Key("data.samples_per_record") : config.Key("data.records"), null,
                            "data.records and data.samples_per_record go together (samples per epoch = records × samples per record)"));
                        return null;
                    }
                    return EpochGeometry.FromSamplesPerEpoch(checked(d.Records.Value * d.SamplesPerRecord.Value), size, b.GradAccum, b.WorldSize);
                default:
                    if (stepSeconds is null)
                    {
                        errors.Add(new(config.Key("data.epoch_time"), config.Shown("data.epoch_time", d.EpochTime!.Value), "needs duration.step_time (seconds per step) to give steps per epoch"));
                        return null;
                    }
                    var t = EpochGeometry.FromEpochTime(d.EpochTime!.Value.Amount, stepSeconds.Value, size, b.GradAccum, b.WorldSize);
                    if (!t.Success) errors.Add(new(config.Key("data.epoch_time"), config.Shown("data.epoch_time", d.EpochTime!.Value), t.Error!));
                    return t.Success ? t.Value : null;
            }
        }
        catch (OverflowException)
        {
            errors.Add(new("batch", null, "batch.size × grad_accum × world_size (or records × samples_per_record) is too large"));
            return null;
        }
    }

    /// <summary>The note for an explicit steps per epoch over a dataset size (train_size, or records × samples per record).</summary>
    private static string StepsWinNote(PlanConfig config, long steps, string size)
    {
        EpochSizeConfig d = config.Data;
        string stepsKey = config.Key("data.steps_per_epoch");
        string wins = $"note: {stepsKey} = {TimeValueText.Count(steps, "step")} per epoch overrides the epoch of";
        if (size == "data.train_size")
        {
            // A run config's train size comes from its data, not from a key the user wrote.
            string of = config.WrittenKeys.ContainsKey("data.train_size")
                ? $"{config.Key("data.train_size")} = {TimeValueText.Count(d.TrainSize!.Value, "sample")}"
                : $"the data's {TimeValueText.Count(d.TrainSize!.Value, "train sample")}";
            return $"{wins} {of}, which serve{(config.WrittenKeys.ContainsKey("data.train_size") ? "s" : "")} as the unique samples for coverage (as max_steps overrides epochs)";
        }
        if (d.Records is { } r && d.SamplesPerRecord is { } p)
        {
            string product = r <= long.MaxValue / p ? TimeValueText.Count(r * p, "sample") : "too many samples";
            return $"{wins} {config.Key("data.records")} × {config.Key("data.samples_per_record")} = {TimeValueText.Amount(r)} × {TimeValueText.Amount(p)} = {product}, which serve as the unique samples for coverage (as max_steps overrides epochs)";
        }
        // seed 003: patches_per_volume beside train_iterations_per_epoch is unused (its code ignores it too).
        string present = d.Records is null ? "data.samples_per_record" : "data.records";
        string missing = d.Records is null ? "data.records" : "data.samples_per_record";
        return $"note: {config.Key(present)} is unused: {stepsKey} sets the epoch, and without {missing} it gives no sample count";
    }

    private static long? ResolveDuration(PlanConfig config, EpochGeometry geometry, decimal? stepSeconds, List<ConfigError> errors, List<string> warnings, out string source)
    {
        DurationConfig du = config.Duration;
        source = "";
        var given = new List<string>();
        if (du.Epochs is not null) given.Add("duration.epochs");
        if (du.MaxSteps is not null) given.Add("duration.max_steps");
        if (du.TimeBudget is not null) given.Add("duration.time_budget");
        if (du.Tokens is not null) given.Add("duration.tokens");
        const string options = "duration.epochs, duration.max_steps, duration.time_budget (with step_time) or duration.tokens (with seq_len)";
        if (given.Count == 0)
        {
            errors.Add(new("duration", null, $"missing; give one of {options}"));
            return null;
        }
        if (given.Count == 2 && given[0] == "duration.epochs" && given[1] == "duration.max_steps")
        {
            warnings.Add($"note: {config.Key("duration.max_steps")} = {TimeValueText.Describe(du.MaxSteps!.Value)} overrides {config.Key("duration.epochs")} = {TimeValueText.Describe(du.Epochs!.Value)} (as in Hugging Face TrainingArguments)");
            given.RemoveAt(0);
        }
        if (given.Count > 1)
        {
            errors.Add(new(config.Key(given[1]), null, $"contradicts {config.Key(given[0])}: give one of {options} (max_steps may accompany epochs and overrides it)"));
            return null;
        }
        string key = given[0];
        source = key["duration.".Length..];
        var conv = new StepConverter(geometry, null, stepSeconds, du.SeqLen);
        TimeValue value = key switch
        {
            "duration.epochs" => du.Epochs!.Value,
            "duration.max_steps" => du.MaxSteps!.Value,
            "duration.time_budget" => du.TimeBudget!.Value,
            _ => du.Tokens!.Value,
        };
        if (key == "duration.time_budget" && stepSeconds is null)
        {
            errors.Add(new(config.Key(key), config.Shown(key, value), "needs duration.step_time (seconds per step) to give a number of steps"));
            return null;
        }
        if (key == "duration.tokens" && du.SeqLen is null)
        {
            errors.Add(new(config.Key(key), config.Shown(key, value), "needs duration.seq_len (tokens per sample) to give a number of steps"));
            return null;
        }
        var steps = conv.ToSteps(value);
        if (!steps.TryGetValue(out long t))
        {
            errors.Add(new(config.Key(key), config.Shown(key, value), steps.Error!));
            return null;
        }
        if (t < 1)
        {
            errors.Add(new(config.Key(key), config.Shown(key, value), "gives 0 steps; a run needs at least one update"));
            return null;
        }
        return t;
    }

    private static long? Interval(PlanConfig config, string path, TimeValue? value, StepConverter conv, List<ConfigError> errors, long min = 1)
    {
        if (value is not { } v) return null;
        var steps = conv.ToSteps(v);
        if (!steps.TryGetValue(out long n))
        {
            errors.Add(new(config.Key(path), config.Shown(path, v), steps.Error!));
            return null;
        }
        if (n < min)
        {
            errors.Add(new(config.Key(path), config.Shown(path, v), min == 1 ? "gives an interval of 0 steps; allowed: ≥ 1 step" : $"must be ≥ {min} steps"));
            return null;
        }
        return n;
    }

    private static List<Step> Points(PlanConfig config, string path, IReadOnlyList<TimeValue>? values, StepConverter conv, long total, List<ConfigError> errors)
    {
        var points = new List<Step>();
        foreach (var v in values ?? [])
        {
            var steps = conv.ToSteps(v);
            if (!steps.TryGetValue(out long s)) errors.Add(new(config.Key(path), v.ToString(), steps.Error!));
            else if (s > total) errors.Add(new(config.Key(path), v.ToString(), $"is beyond the run's last step {total}; allowed 0..{total}"));
            else points.Add(new Step(s));
        }
        return points;
    }

    /// <summary>The periodic part of a checkpoint or evaluation schedule (the same algebra for both): every N;
    /// dense-then-sparse (every dense_every up to dense_until, then every N); or log-spaced (0, the powers of two below N,
    /// then every N). Null when <paramref name="every"/> is absent or invalid; every problem is added to <paramref name="errors"/>.</summary>
    private static Schedule? Periodic(PlanConfig config, string section, TimeValue? every, TimeValue? denseUntil, TimeValue? denseEvery,
        bool logSpaced, StepConverter conv, Step last, List<ConfigError> errors)
    {
        string kEvery = section + ".every", kUntil = section + ".dense_until", kDense = section + ".dense_every", kLog = section + ".log_spaced";
        long? n = Interval(config, kEvery, every, conv, errors);
        long? until = Interval(config, kUntil, denseUntil, conv, errors, min: 0);
        long? dense = Interval(config, kDense, denseEvery, conv, errors);
        if ((denseUntil is null) != (denseEvery is null))
        {
            string missing = denseUntil is null ? kUntil : kDense;
            string present = denseUntil is null ? kDense : kUntil;
            errors.Add(new(config.Key(present), config.Shown(present, (denseUntil ?? denseEvery)!.Value),
                $"needs {missing} too (dense-then-sparse: every dense_every until dense_until, then every)"));
        }
        else if (denseUntil is not null && every is null)
        {
            errors.Add(new(config.Key(kUntil), config.Shown(kUntil, denseUntil.Value), $"needs {kEvery}, the interval after the dense phase"));
        }
        if (logSpaced && every is null)
            errors.Add(new(config.Key(kLog), "true", $"needs {kEvery} (N: powers of two below N, then every N)"));
        if (logSpaced && denseUntil is not null)
            errors.Add(new(config.Key(kLog), "true", $"contradicts {kUntil}; use one of log_spaced or dense-then-sparse"));
        if (n is not { } interval) return null;
        if (until is { } u && dense is { } d) return new DenseThenSparseSchedule(d, u, interval, last);
        if (logSpaced && denseUntil is null) return new LogSpacedSchedule(interval, last);
        return denseUntil is null && denseEvery is null ? new EverySchedule(interval, last) : null;
    }

    private static Schedule BuildCheckpoints(PlanConfig config, EpochBoundaries bounds, StepConverter conv, List<ConfigError> errors, List<string> warnings)
    {
        CheckpointConfig c = config.Checkpoints;
        Step last = bounds.TotalSteps;
        var parts = new List<Schedule>();
        if (Periodic(config, "checkpoints", c.Every, c.DenseUntil, c.DenseEvery, c.LogSpaced, conv, last, errors) is { } periodic) parts.Add(periodic);

        bool scheme = c.FirstEpoch is not null || c.Spacing is not null;
        if (scheme)
        {
            long? linear = Interval(config, "checkpoints.linear_interval", c.LinearInterval, conv, errors);
            long? min = Interval(config, "checkpoints.min_interval", c.MinInterval, conv, errors, min: 0);
            var options = new EpochSpacedOptions(c.FirstEpoch ?? 20, c.Spacing ?? Spacing.Log, (double)c.LogBase, linear, min ?? 0);
            if (EpochSpacedSchedule.Validate(bounds, options) is { } problem)
            {
                string key = problem.StartsWith("log_base", StringComparison.Ordinal) ? "checkpoints.log_base" : "checkpoints.first_epoch";
                string value = config.Shown(key, key == "checkpoints.log_base" ? c.LogBase.ToString(Inv) : options.FirstEpoch.ToString(Inv));
                errors.Add(new(config.Key(key), value, problem));
            }
            else if (errors.Count == 0)
            {
                parts.Add(new EpochSpacedSchedule(bounds, options));
            }
        }
        else
        {
            foreach (string k in new[] { "checkpoints.linear_interval", "checkpoints.min_interval", "checkpoints.log_base" })
            {
                if (config.WrittenKeys.ContainsKey(k))
                    warnings.Add($"note: {config.Key(k)} is ignored: it shapes the first-epoch scheme, which needs checkpoints.first_epoch or checkpoints.spacing");
            }
        }
        if (c.EpochEnds) parts.Add(new EpochEndSchedule(bounds));
        if (c.EveryEpochs is { } k2) parts.Add(new EpochEndSchedule(bounds, k2));
        var at = Points(config, "checkpoints.at", c.At, conv, last.Value, errors);
        if (c.SaveFinal) at.Add(last);
        if (at.Count > 0) parts.Add(new ExplicitSchedule(at, last));
        return new UnionSchedule(parts, last);
    }

    private static Schedule BuildEvaluations(PlanConfig config, EpochBoundaries bounds, StepConverter conv, List<ConfigError> errors)
    {
        EvalConfig e = config.Eval;
        Step last = bounds.TotalSteps;
        var parts = new List<Schedule>();
        if (Periodic(config, "eval", e.Every, e.DenseUntil, e.DenseEvery, e.LogSpaced, conv, last, errors) is { } periodic) parts.Add(periodic);
        if (e.AtEpochEnd) parts.Add(new EpochEndSchedule(bounds));
        if (e.EveryEpochs is { } k) parts.Add(new EpochEndSchedule(bounds, k));
        var at = Points(config, "eval.at", e.At, conv, last.Value, errors);
        if (e.Final) at.Add(last);
        if (at.Count > 0) parts.Add(new ExplicitSchedule(at, last));
        return new UnionSchedule(parts, last);
    }
}
