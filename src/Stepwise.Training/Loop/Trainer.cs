using System.Diagnostics;
using Stepwise.Engine.Kernels;
using Stepwise.Training.Checkpoints;
using Stepwise.Training.Metrics;
using Stepwise.Training.Models;
using Stepwise.Training.Runs;
using Stepwise.Training.Setup;

namespace Stepwise.Training.Loop;

/// <summary>
/// Runs a <see cref="RunSetup"/> to the plan's final step T. For update t = start .. T−1 (state t → t+1):
/// <list type="number">
/// <item>lr = schedule(t); zero the gradients; for each rank and each of the update's micro-batches, forward and
/// backward with the loss scaled by 1/(W·g) (g = the real number of micro-batches, fewer at an epoch's end);
/// one optimizer step; the update hooks.</item>
/// <item>At state s = t+1: a training row when s is a multiple of <c>log.every</c> or s = T; evaluation when the plan's
/// eval schedule holds s (every split at T); a checkpoint when the plan's checkpoint schedule holds s; then retention.</item>
/// <item>A stop request (signal, time limit) is honoured after the update: checkpoint at s (unless one was just
/// written), <see cref="TrainOutcome.Stopped"/>.</item>
/// </list>
/// Everything is a function of the config and the step, so a run resumed from any checkpoint ends bitwise equal to an
/// uninterrupted one (weights, optimizer state, metrics.jsonl, metrics.csv, run.json). The folder is written by one
/// process at a time (<see cref="RunLock"/>); the trainer keeps O(1) state per logged row, so its memory and the cost of
/// a checkpoint do not grow with the run's length.
/// </summary>
public sealed partial class Trainer
{
    private readonly RunSetup _setup;
    private readonly TrainerOptions _options;
    private readonly ITrainObserver? _observer;
    private readonly CheckpointStore _store;
    private readonly string _dir;
    private readonly List<string> _pendingLog = [];
    private StreamWriter? _trainLog;
    private RunLogs? _logs;
    private int _threads;

    /// <summary>Creates a trainer; nothing is read or written until <see cref="Run"/>.</summary>
    public Trainer(RunSetup setup, TrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(options);
        _setup = setup;
        _options = options;
        _observer = options.Observer;
        _dir = Path.GetFullPath(options.RunDirectory);
        _store = new CheckpointStore(_dir, options.Faults) { Warn = Message };
    }

    /// <summary>The run folder (full path).</summary>
    public string RunDirectory => _dir;

    /// <summary>The step the run stopped or completed at (after <see cref="Run"/>).</summary>
    public long FinalStep { get; private set; }

    /// <summary>The evaluations at the final step (after a completed run).</summary>
    public IReadOnlyList<EvalMetrics> FinalMetrics { get; private set; } = [];

    /// <summary>Trains; throws <see cref="RunInputException"/> (bad request: another writer holds the folder, a folder
    /// that holds a run without --resume or --overwrite, an incompatible checkpoint — nothing written),
    /// <see cref="CheckpointWriteException"/> or <see cref="IOException"/> (write faults).</summary>
    public TrainOutcome Run()
    {
        _threads = ThreadCount.Resolve(_options.Threads, _setup.Config.Threads);
        EngineThreads.Count = _threads;
        // A bad request is refused before the lock is taken, so that it writes nothing (not even the lock file);
        // then the start is decided again under the lock, in case another writer moved the folder on meanwhile.
        RefuseOverwrite(locked: false);
        var early = new List<string>();
        try { Begin(early.Add); }
        catch (RunInputException) { foreach (string l in early) Message(l); throw; }
        using var runLock = RunLock.Acquire(_dir, _options.WaitLock);
        try
        {
            RefuseOverwrite(locked: true);
            var run = Begin(Message);
            long total = _setup.TotalSteps;
            if (run.Step.Value == total && IsFinished(run))
            {
                // verified and left untouched: not even train.log or the lock's owner record changes
                FinalStep = total;
                _observer?.Message($"{Path.GetFileName(run.Checkpoint!.Path)} is the final step {total}; the run is complete, nothing to do");
                return TrainOutcome.AlreadyComplete;
            }
            runLock.RecordOwner();
            OpenTrainLog();
            return run.Step.Value == total ? FinishInterrupted(run) : Train(run);
        }
        finally
        {
            _logs?.Dispose();
            _trainLog?.Dispose();
        }
    }

    private TrainOutcome Train(TrainingRun run)
    {
        var plan = _setup.Plan;
        long total = _setup.TotalSteps;
        long start = run.Step.Value;
        Directory.CreateDirectory(_dir);
        _store.CleanTemporaries();
        RunFiles.WriteAtomic(Path.Combine(_dir, RunFiles.Plan), _setup.PlanJsonText);
        RunFiles.WriteAtomic(Path.Combine(_dir, RunFiles.Config), _setup.ResolvedYaml);
        var logs = _logs = RunLogs.Open(_dir, _setup, run, Message);
        if (run.Restored is not null) Message($"resuming from {Path.GetFileName(run.Checkpoint!.Path)} (step {start} of {total})");
        var clock = Stopwatch.StartNew();
        logs.Timing.Write("start", start, 0, threads: _threads);
        WriteStatus(RunStatus.Running, start, null);
        _observer?.Started(start, total, _dir);
        if (_options.Stop.IsRequested)
        {
            End(RunStatus.Stopped, start, _options.Stop.Reason, clock);
            return TrainOutcome.Stopped;
        }
        // The time limit counts from TimeLimitOrigin (the CLI passes the moment the command started, so data loading
        // counts, as on a scheduler's wall clock), else from here.
        double startupSeconds = _options.TimeLimitOrigin is { } origin ? Math.Max(0, (DateTime.UtcNow - origin).TotalSeconds) : 0;
        double lastUpdate = 0, lastSave = 0.5, lastEval = 0, lastFlush = 0;
        long lastSaved = run.Restored is not null ? start : -1, flushedAt = start;
        int window = 0;
        try
        {
            if (start == 0)
            {
                if (plan.Evaluations.Contains(Step.Zero)) Evaluate(run, 0);
                if (plan.Checkpoints.Contains(Step.Zero)) { Save(run, 0, clock); lastSaved = 0; }
            }
            var hooks = _options.Hooks;
            for (long t = start; t < total; t++)
            {
                double before = clock.Elapsed.TotalSeconds;
                double lr = run.Runner.Rate(new Step(t));
                double loss = run.Update(hooks);
                logs.SamplesSeen += run.Runner.RowsInLastUpdate;
                long s = t + 1;
                if (s % _setup.LogEvery == 0 || s == total) logs.Append(new MetricsRow(s, plan.StepsPerEpoch).Add("lr", lr).Add("loss", loss));
                var state = new Step(s);
                bool evaluated = plan.Evaluations.Contains(state);
                if (evaluated)
                {
                    double evalStart = clock.Elapsed.TotalSeconds;
                    Evaluate(run, s);
                    lastEval = clock.Elapsed.TotalSeconds - evalStart;
                }
                if (plan.Checkpoints.Contains(state))
                {
                    double saveStart = clock.Elapsed.TotalSeconds;
                    Save(run, s, clock);
                    lastSave = clock.Elapsed.TotalSeconds - saveStart;
                    lastSaved = s;
                }
                double now = clock.Elapsed.TotalSeconds;
                lastUpdate = now - before - (lastSaved == s ? lastSave : 0) - (evaluated ? lastEval : 0);
                long epoch = plan.Epochs.EpochOf(state);
                _observer?.Step(s, epoch, loss, lr);
                if (plan.Epochs.IsEnd(state)) _observer?.EpochEnded(epoch, s);
                while (window < plan.Windows.Count && plan.Windows[window].End < s)
                {
                    if (plan.Windows[window].End == t) _observer?.WindowEnded(window + 1, s);
                    window++;
                }
                if (evaluated || now - lastFlush >= _options.FlushSeconds)
                {
                    double stepsPerSecond = (s - flushedAt) / Math.Max(1e-9, now - lastFlush);
                    logs.Throughput(s, stepsPerSecond, stepsPerSecond * _setup.Geometry.SamplesPerStep);
                    logs.Flush(durable: false);
                    logs.Timing.Write("progress", s, now, stepsPerSecond: stepsPerSecond);
                    logs.Timing.Flush();
                    WriteStatus(RunStatus.Running, s, null);
                    (lastFlush, flushedAt) = (now, s);
                }
                if (s < total && ShouldStop(startupSeconds + now, lastUpdate + lastEval, lastSave))
                {
                    if (lastSaved != s) Save(run, s, clock);
                    End(RunStatus.Stopped, s, _options.Stop.Reason, clock);
                    return TrainOutcome.Stopped;
                }
            }
            End(RunStatus.Completed, total, null, clock);
            return TrainOutcome.Completed;
        }
        catch
        {
            try { logs.Flush(durable: false); WriteStatus(RunStatus.Failed, FinalStep, null); } catch (IOException) { }
            throw;
        }
    }

    private void End(RunStatus status, long step, string? reason, Stopwatch clock)
    {
        FinalStep = step;
        var logs = _logs!;
        logs.Flush(durable: false);
        logs.Timing.Write("end", step, clock.Elapsed.TotalSeconds, status: RunStatusFile.Name(status));
        logs.Timing.Flush();
        WriteStatus(status, step, reason);
    }

    /// <summary>A stop request, or a limit that the next update, a scheduled evaluation and a checkpoint would cross:
    /// elapsed + 2 × (last update + last evaluation) + 1.5 × last save + 0.25 s ≥ the limit.</summary>
    private bool ShouldStop(double elapsed, double lastWork, double lastSave)
    {
        if (_options.Stop.IsRequested) return true;
        double margin = 2 * lastWork + 1.5 * lastSave + 0.25;
        if (_options.TimeLimit is { } limit && elapsed + margin >= limit.TotalSeconds)
        {
            _options.Stop.Request($"time limit {limit}");
            return true;
        }
        if (_options.Deadline is { } deadline && (deadline - DateTime.UtcNow).TotalSeconds <= margin)
        {
            _options.Stop.Request($"allocation ends at {deadline:yyyy-MM-ddTHH:mm:ssZ}");
            return true;
        }
        return false;
    }

    private void Evaluate(TrainingRun run, long step)
    {
        long total = _setup.TotalSteps;
        var model = run.Model;
        var splits = step == total ? model.Splits : _setup.EvalSplits;
        var row = new MetricsRow(step, _setup.Plan.StepsPerEpoch);
        var results = new List<EvalMetrics>();
        foreach (string split in splits)
        {
            _observer?.Evaluating(step, split, model.Rows(split));
            var m = model.Evaluate(split, _setup.EvalBatch, _observer is null ? null : _observer.EvaluationProgress);
            results.Add(m);
            row.Add($"{split}_loss", m.Loss).Add($"{split}_accuracy", m.Accuracy);
        }
        _logs!.Append(row);
        _logs.Evaluated(row);
        if (step == total) FinalMetrics = results;
        _observer?.Evaluated(step, results);
    }

    private void WriteStatus(RunStatus status, long step, string? reason)
    {
        var final = FinalMetrics.SelectMany(m => new[]
        {
            new KeyValuePair<string, double>($"{m.Split}_loss", m.Loss),
            new KeyValuePair<string, double>($"{m.Split}_accuracy", m.Accuracy),
        }).ToList();
        new RunStatusFile(status, step, _setup.TotalSteps, _setup.Plan.StepsPerEpoch, _threads, reason, _logs?.BestCheckpoint, final).Write(_dir);
    }

    /// <summary>A line worth showing: to the observer and train.log.</summary>
    private void Message(string line)
    {
        _observer?.Message(line);
        Log(line);
    }

    /// <summary>A routine line: train.log (and the observer's plain-line mode).</summary>
    private void Detail(string line)
    {
        _observer?.Detail(line);
        Log(line);
    }

    private void Log(string line)
    {
        string stamped = $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ} {line}";
        if (_trainLog is null) _pendingLog.Add(stamped);
        else _trainLog.WriteLine(stamped);
    }

    private void OpenTrainLog()
    {
        Directory.CreateDirectory(_dir);
        _trainLog = new StreamWriter(new FileStream(Path.Combine(_dir, RunFiles.Log), FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
        foreach (string l in _pendingLog) _trainLog.WriteLine(l);
        _pendingLog.Clear();
    }
}
