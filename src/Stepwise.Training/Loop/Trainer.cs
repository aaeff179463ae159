using System.Diagnostics;
using System.Globalization;
using System.Text;
using Stepwise.Engine.Optim;
using Stepwise.Scheduling;
using Stepwise.Training.Checkpoints;
using Stepwise.Training.Models;
using Stepwise.Training.Sampling;
using Stepwise.Training.Metrics;
using Stepwise.Training.Runs;
using Stepwise.Training.Setup;
using Stepwise.Training.State;

namespace Stepwise.Training.Loop;

/// <summary>
/// Runs a <see cref="RunSetup"/> to the plan's final step T. For update t = start .. T−1 (state t → t+1):
/// <list type="number">
/// <item>lr = schedule(t); zero the gradients; for each rank and each of the update's micro-batches, forward and
/// backward with the loss scaled by 1/(W·g) (g = the real number of micro-batches, fewer at an epoch's end);
/// one optimizer step.</item>
/// <item>At state s = t+1: a training row when s is a multiple of <c>log.every</c> or s = T; evaluation when the plan's
/// eval schedule holds s (every split at T); a checkpoint when the plan's checkpoint schedule holds s; then retention.</item>
/// <item>A stop request (signal, time limit) is honoured after the update: checkpoint at s (unless one was just
/// written), <see cref="TrainOutcome.Stopped"/>.</item>
/// </list>
/// Everything is a function of the config and the step, so a run resumed from any checkpoint ends bitwise equal to an
/// uninterrupted one (weights, optimizer state, metrics.jsonl).
/// </summary>
public sealed class Trainer
{
    private readonly RunSetup _setup;
    private readonly TrainerOptions _options;
    private readonly ITrainObserver? _observer;
    private readonly CheckpointStore _store;
    private readonly Dictionary<long, double> _metricAt = [];
    private double? _bestMetric;
    private string? _bestCheckpoint;

    /// <summary>Creates a trainer; nothing is read or written until <see cref="Run"/>.</summary>
    public Trainer(RunSetup setup, TrainerOptions options)
    {
        _setup = setup;
        _options = options;
        _observer = options.Observer;
        _store = new CheckpointStore(options.RunDirectory) { Warn = line => options.Observer?.Message(line) };
    }

    /// <summary>The step the run stopped or completed at (after <see cref="Run"/>).</summary>
    public long FinalStep { get; private set; }

    /// <summary>The evaluations at the final step (after a completed run).</summary>
    public IReadOnlyList<EvalMetrics> FinalMetrics { get; private set; } = [];

    /// <summary>Trains; throws <see cref="RunInputException"/> (bad resume request: nothing written),
    /// <see cref="CheckpointWriteException"/> or <see cref="IOException"/> (write faults).</summary>
    public TrainOutcome Run()
    {
        var plan = _setup.Plan;
        long total = _setup.TotalSteps;
        var model = _setup.CreateModel();
        var optimizer = _setup.CreateOptimizer(model.Params.Length);
        var (resumeInfo, resumeFiles) = FindResume();
        TrainerState? resumed = null;
        if (resumeFiles is not null)
        {
            try
            {
                // Identity first: a checkpoint of another config gets the config diff, not a tensor-shape error.
                CheckIdentity(CheckpointCodec.ReadState(resumeFiles), resumeInfo!.Path);
                resumed = CheckpointCodec.Restore(resumeFiles, model, optimizer);
            }
            catch (Exception e) when (e is CheckpointFormatException or FormatException)
            {
                throw new RunInputException($"{Path.GetFileName(resumeInfo!.Path)}: {e.Message}", e);
            }
            if (resumed.GlobalStep > total)
                throw new RunInputException($"{Path.GetFileName(resumeInfo.Path)} is at step {resumed.GlobalStep}, past this plan's final step {total}; raise duration.max_steps (or --max-steps) to at least {resumed.GlobalStep}");
            if (resumed.GlobalStep == total)
            {
                FinalStep = total;
                _observer?.Message($"{Path.GetFileName(resumeInfo.Path)} is the final step {total}; the run is complete, nothing to do");
                FinishInterrupted(resumed, resumeInfo.Path, model);
                return TrainOutcome.AlreadyComplete;
            }
        }

        string dir = _options.RunDirectory;
        Directory.CreateDirectory(dir);
        _store.CleanTemporaries();
        RunFiles.WriteAtomic(Path.Combine(dir, RunFiles.Plan), _setup.PlanJsonText);
        RunFiles.WriteAtomic(Path.Combine(dir, RunFiles.Config), _setup.ResolvedYaml);
        var log = new MetricsLog(Path.Combine(dir, RunFiles.Metrics));
        long start = resumed?.GlobalStep ?? 0;
        log.Reset(resumed?.LogHistory ?? []);
        if (resumed is not null)
        {
            _bestMetric = resumed.BestMetric;
            _bestCheckpoint = resumed.BestModelCheckpoint;
            foreach (string line in resumed.LogHistory) RememberMetric(line);   // raw history rows: parse once at resume
            _observer?.Message($"resuming from {Path.GetFileName(resumeInfo!.Path)} (step {start} of {total})");
        }
        WriteRunJson("running", start, null);
        _observer?.Started(start, total, dir);
        if (_options.Stop.IsRequested)
        {
            WriteRunJson("stopped", start, _options.Stop.Reason);
            FinalStep = start;
            return TrainOutcome.Stopped;
        }

        var sampler = new EpochSampler(_setup.Data.TrainCount, _setup.Geometry, _setup.Config.Seed);
        var runner = new UpdateRunner(model, optimizer, sampler, _setup.LrSchedule);
        var clock = Stopwatch.StartNew();
        // The time limit counts from TimeLimitOrigin (the CLI passes the moment the command started, so data loading
        // counts, as on a scheduler's wall clock), else from here.
        double startupSeconds = _options.TimeLimitOrigin is { } origin ? Math.Max(0, (DateTime.UtcNow - origin).TotalSeconds) : 0;
        var timing = new StringBuilder();
        double lastUpdate = 0, lastSave = 0.5;
        long lastSaved = resumed is not null ? start : -1;
        int window = 0;
        try
        {
            if (start == 0)
            {
                if (plan.Evaluations.Contains(Step.Zero)) Evaluate(model, log, 0, total);
                if (plan.Checkpoints.Contains(Step.Zero)) { Save(model, optimizer, log, 0, timing, clock); lastSaved = 0; }
            }
            for (long t = start; t < total; t++)
            {
                double before = clock.Elapsed.TotalSeconds;
                double lr = runner.Rate(t);
                double loss = runner.Run(t);
                long s = t + 1;
                if (s % _setup.LogEvery == 0 || s == total) log.Append(new MetricsRow(s, plan.StepsPerEpoch).Add("lr", lr).Add("loss", loss));
                var state = new Step(s);
                if (plan.Evaluations.Contains(state)) Evaluate(model, log, s, total);
                if (plan.Checkpoints.Contains(state))
                {
                    double saveStart = clock.Elapsed.TotalSeconds;
                    Save(model, optimizer, log, s, timing, clock);
                    lastSave = clock.Elapsed.TotalSeconds - saveStart;
                    lastSaved = s;
                }
                lastUpdate = clock.Elapsed.TotalSeconds - before - (lastSaved == s ? lastSave : 0);
                long epoch = plan.Epochs.EpochOf(state);
                _observer?.Step(s, epoch, loss, lr);
                if (plan.Epochs.IsEnd(state)) _observer?.EpochEnded(epoch, s);
                while (window < plan.Windows.Count && plan.Windows[window].End < s)
                {
                    if (plan.Windows[window].End == t) _observer?.WindowEnded(window + 1, s);
                    window++;
                }
                if (s < total && ShouldStop(startupSeconds + clock.Elapsed.TotalSeconds, lastUpdate, lastSave))
                {
                    if (lastSaved != s) Save(model, optimizer, log, s, timing, clock);
                    Finish(log, timing);
                    WriteRunJson("stopped", s, _options.Stop.Reason);
                    FinalStep = s;
                    return TrainOutcome.Stopped;
                }
            }
            Finish(log, timing);
            FinalStep = total;
            WriteRunJson("completed", total, null);
            return TrainOutcome.Completed;
        }
        catch
        {
            try { log.Flush(); WriteRunJson("failed", FinalStep, null); } catch (IOException) { }
            throw;
        }
    }

    /// <summary>A kill between the final checkpoint and the end of <see cref="Run"/> leaves run.json "running" and no
    /// metrics.csv, and possibly the checkpoints its retention would have deleted; resuming that run folder applies the
    /// retention and writes them as the uninterrupted run did (the final evaluation is a function of the restored
    /// weights). A finished run folder, or a checkpoint elsewhere, is left alone.</summary>
    private void FinishInterrupted(TrainerState resumed, string checkpointPath, ITrainModel model)
    {
        string dir = _options.RunDirectory;
        string runJson = Path.Combine(dir, RunFiles.Run);
        if (!string.Equals(Path.GetDirectoryName(Path.GetFullPath(checkpointPath)), Path.GetFullPath(dir), StringComparison.Ordinal)) return;
        if (File.Exists(runJson) && File.ReadAllText(runJson).Contains("\"status\": \"completed\"", StringComparison.Ordinal)
            && File.Exists(Path.Combine(dir, RunFiles.MetricsCsv))) return;
        _store.CleanTemporaries();
        // a kill between the final save and its retention left one checkpoint too many
        foreach (string line in resumed.LogHistory) RememberMetric(line);
        ApplyRetention();
        var log = new MetricsLog(Path.Combine(dir, RunFiles.Metrics));
        log.Reset(resumed.LogHistory);
        log.WriteCsv(Path.Combine(dir, RunFiles.MetricsCsv));
        _bestCheckpoint = resumed.BestModelCheckpoint;
        FinalMetrics = model.Splits.Select(split => model.Evaluate(split, _setup.EvalBatch)).ToList();
        WriteRunJson("completed", _setup.TotalSteps, null);
    }

    private bool ShouldStop(double elapsed, double lastUpdate, double lastSave)
    {
        if (_options.Stop.IsRequested) return true;
        if (_options.TimeLimit is { } limit && elapsed + 2 * lastUpdate + 1.5 * lastSave + 0.25 >= limit.TotalSeconds)
        {
            _options.Stop.Request($"time limit {limit}");
            return true;
        }
        return false;
    }

    private void Evaluate(ITrainModel model, MetricsLog log, long step, long total)
    {
        var splits = step == total
            ? model.Splits
            : _setup.Config.EvalSplits ?? (model.Splits.Count > 1 ? model.Splits.Where(s => s != "train").ToList() : model.Splits);
        var row = new MetricsRow(step, _setup.Plan.StepsPerEpoch);
        var results = new List<EvalMetrics>();
        foreach (string split in splits)
        {
            var m = model.Evaluate(split, _setup.EvalBatch);
            results.Add(m);
            row.Add($"{split}_loss", m.Loss).Add($"{split}_accuracy", m.Accuracy);
        }
        log.Append(row);
        if (_setup.Retention.BestMetric is { } metric && row.Get(metric) is { } value) _metricAt[step] = value;
        if (step == total) FinalMetrics = results;
        _observer?.Evaluated(step, results);
    }

    private void RememberMetric(string line)
    {
        if (_setup.Retention.BestMetric is not { } name) return;
        using var doc = System.Text.Json.JsonDocument.Parse(line);
        var root = doc.RootElement;
        if (root.TryGetProperty(name, out var v) && v.ValueKind == System.Text.Json.JsonValueKind.Number)
            _metricAt[root.GetProperty("step").GetInt64()] = v.GetDouble();
    }

    private void Save(ITrainModel model, IOptimizer<float> optimizer, MetricsLog log, long step, StringBuilder timing, Stopwatch clock)
    {
        var plan = _setup.Plan;
        var ret = _setup.Retention;
        if (ret.BestMetric is not null && _metricAt.TryGetValue(step, out double value)
            && (_bestMetric is not { } best || (ret.GreaterIsBetter ? value > best : value < best)))
        {
            _bestMetric = value;
            _bestCheckpoint = CheckpointStore.FolderName(step);
        }
        var state = new TrainerState
        {
            GlobalStep = step,
            Epoch = (double)step / plan.StepsPerEpoch,
            MaxSteps = _setup.TotalSteps,
            StepsPerEpoch = plan.StepsPerEpoch,
            LogHistory = log.Lines,
            BestMetric = _bestMetric,
            BestModelCheckpoint = _bestCheckpoint,
            EvalSteps = (plan.Evaluations as EverySchedule)?.Interval,
            SaveSteps = (plan.Checkpoints as EverySchedule)?.Interval,
            TrainBatchSize = _setup.Geometry.BatchSize,
            NumTrainEpochs = (long)decimal.Ceiling(plan.EpochsExact),
            RngState = model.RngState,
            Threads = _options.Threads,
            ConfigHash = _setup.ConfigHash,
            PlanHash = RunSetup.Sha256(_setup.PlanJsonText),
            Identity = _setup.Identity,
        };
        double t0 = clock.Elapsed.TotalSeconds;
        log.Flush();
        var info = _store.Save(step, CheckpointCodec.Files(model, optimizer, state, _setup.ResolvedYaml), ret.IsPermanent(step));
        ApplyRetention();
        double seconds = clock.Elapsed.TotalSeconds - t0;
        timing.Append(CultureInfo.InvariantCulture, $"{{\"step\":{step},\"wall_s\":{clock.Elapsed.TotalSeconds:R},\"save_s\":{seconds:R}}}\n");
        _observer?.Saved(step, info.Path, seconds);
    }

    /// <summary>Deletes the checkpoints the retention settings do not keep (none when there are none).</summary>
    private void ApplyRetention()
    {
        var ret = _setup.Retention;
        if (ret.KeepLast is null && ret.KeepBest is null) return;
        var deleted = _store.ApplyRetention(new RetentionPolicy(ret.KeepLast, ret.KeepBest, ret.BestMetric, ret.GreaterIsBetter), _metricAt);
        foreach (long d in deleted) _observer?.Message($"retention: deleted {CheckpointStore.FolderName(d)}");
    }

    private void Finish(MetricsLog log, StringBuilder timing)
    {
        log.Flush();
        log.WriteCsv(Path.Combine(_options.RunDirectory, RunFiles.MetricsCsv));
        File.AppendAllText(Path.Combine(_options.RunDirectory, RunFiles.Timing), timing.ToString());
        timing.Clear();
    }

    private void WriteRunJson(string status, long step, string? reason)
    {
        var sb = new StringBuilder("{\n");
        sb.Append(CultureInfo.InvariantCulture, $"  \"status\": \"{status}\",\n  \"step\": {step},\n  \"total_steps\": {_setup.TotalSteps},\n");
        sb.Append(CultureInfo.InvariantCulture, $"  \"steps_per_epoch\": {_setup.Plan.StepsPerEpoch},\n  \"threads\": {_options.Threads},\n");
        if (reason is not null) sb.Append("  \"stop_reason\": ").Append(System.Text.Json.JsonSerializer.Serialize(reason)).Append(",\n");
        if (_bestCheckpoint is not null) sb.Append("  \"best_model_checkpoint\": \"").Append(_bestCheckpoint).Append("\",\n");
        sb.Append("  \"final\": {");
        sb.Append(string.Join(", ", FinalMetrics.SelectMany(m => new[]
        {
            $"\"{m.Split}_loss\": {m.Loss.ToString("R", CultureInfo.InvariantCulture)}",
            $"\"{m.Split}_accuracy\": {m.Accuracy.ToString("R", CultureInfo.InvariantCulture)}",
        })));
        sb.Append("}\n}\n");
        RunFiles.WriteAtomic(Path.Combine(_options.RunDirectory, RunFiles.Run), sb.ToString());
    }

    private (CheckpointInfo? Info, IReadOnlyDictionary<string, byte[]>? Files) FindResume()
    {
        var mode = _options.Resume;
        if (mode.Kind == "none") return (null, null);
        void Warn(string line) => _observer?.Message(line);
        CheckpointInfo? info;
        switch (mode.Kind)
        {
            case "auto":
                if (!Directory.Exists(_options.RunDirectory)) return (null, null);
                info = _store.FindNewestValid(Warn);
                if (info is null) { Warn("no valid checkpoint in the run folder; starting at step 0"); return (null, null); }
                break;
            case "epoch":
                long e = mode.Epoch!.Value;
                long epochs = _setup.Plan.Epochs.EpochCount;
                if (e < 1 || e > epochs) throw new RunInputException($"--resume-from-epoch {e}: the plan has epochs 1..{epochs}");
                long step = _setup.Plan.Epochs.End(e).Value;
                info = Directory.Exists(_options.RunDirectory) ? _store.FindValid(step, Warn) : null;
                if (info is null)
                {
                    var have = Directory.Exists(_options.RunDirectory) ? _store.List().Select(c => c.Step.ToString(CultureInfo.InvariantCulture)).ToList() : [];
                    throw new RunInputException($"--resume-from-epoch {e}: no valid checkpoint at the end of epoch {e} (step {step}) in {_options.RunDirectory}; checkpoints there: {(have.Count == 0 ? "none" : string.Join(", ", have))} (add checkpoints.epoch_ends: true to save every epoch end)");
                }
                break;
            default:
                string path = Path.GetFullPath(mode.Path!);
                if (!Directory.Exists(path)) throw new RunInputException($"--resume {mode.Path}: no such checkpoint folder");
                var check = _store.Validate(path);
                if (!check.IsValid) throw new RunInputException($"--resume {mode.Path}: {Path.GetFileName(path)} is corrupt: {check.Reason}");
                if (!CheckpointStore.TryParseFolderName(Path.GetFileName(path), out long st))
                    throw new RunInputException($"--resume {mode.Path}: not a checkpoint_step_N folder");
                info = new CheckpointInfo(st, path, false);
                break;
        }
        try
        {
            return (info, _store.Load(info));
        }
        catch (CheckpointFormatException ex)
        {
            throw new RunInputException($"{Path.GetFileName(info.Path)}: {ex.Message}", ex);
        }
    }

    private void CheckIdentity(TrainerState state, string path)
    {
        var diffs = new List<string>();
        foreach (var (key, now) in _setup.Identity)
        {
            string was = state.Identity.TryGetValue(key, out string? w) ? w : "(absent)";
            if (was != now) diffs.Add($"{key} ({was} → {now})");
        }
        if (diffs.Count == 0) return;
        string msg = $"{Path.GetFileName(path)} was written by a different config: {string.Join("; ", diffs)}";
        if (!_options.Force) throw new RunInputException(msg + "; refusing to resume (--force resumes anyway)");
        _observer?.Message("warning: " + msg + "; resuming anyway (--force)");
    }
}
