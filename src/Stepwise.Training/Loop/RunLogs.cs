using Stepwise.Training.Metrics;
using Stepwise.Training.Runs;
using Stepwise.Training.Setup;
using Stepwise.Training.State;
using Stepwise.Training.TensorBoard;

namespace Stepwise.Training.Loop;

/// <summary>
/// The trainer's logs and the little state they need, O(1) in the run's length: metrics.jsonl and metrics.csv
/// streamed as rows are logged (with running hashes, so a checkpoint records where they stood), timing.jsonl, the
/// bounded HF-style history a checkpoint carries, and the retention metric at existing checkpoints.
/// </summary>
internal sealed class RunLogs : IDisposable
{
    private readonly IReadOnlyList<string> _columns;
    private readonly string? _bestMetric;
    private readonly bool _greaterIsBetter;
    private (long Step, double Value)? _lastMetric;

    private RunLogs(AppendLog metrics, AppendLog csv, TimingLog timing, LogHistory history, IReadOnlyList<string> columns, RetentionSpec retention)
    {
        Metrics = metrics;
        Csv = csv;
        Timing = timing;
        History = history;
        _columns = columns;
        _bestMetric = retention.BestMetric;
        _greaterIsBetter = retention.GreaterIsBetter;
    }

    public AppendLog Metrics { get; }

    public AppendLog Csv { get; }

    public TimingLog Timing { get; }

    /// <summary>TensorBoard's event file (with <c>log.tensorboard</c>), or null.</summary>
    public TensorBoardWriter? TensorBoard { get; private set; }

    public LogHistory History { get; }

    /// <summary>The retention metric at the steps of existing checkpoints.</summary>
    public Dictionary<long, double> CheckpointMetrics { get; } = [];

    public double? BestMetric { get; private set; }

    public long? BestStep { get; private set; }

    public string? BestCheckpoint { get; private set; }

    /// <summary>Rows (or tokens, for sequences) trained on so far.</summary>
    public long SamplesSeen { get; set; }

    /// <summary>Opens the logs of <paramref name="dir"/>: new for a fresh run; for a resumed one, cut back to where its
    /// checkpoint recorded them (or rebuilt from the checkpoint, with <paramref name="warn"/> naming what was lost).</summary>
    public static RunLogs Open(string dir, RunSetup setup, TrainingRun run, Action<string> warn)
    {
        var columns = MetricsCsv.Columns(setup.Data.SplitNames);
        var history = new LogHistory(setup.TotalSteps, setup.LogEvery, setup.EvalSplits.Count == 1 ? setup.EvalSplits[0] : null);
        string metricsPath = Path.Combine(dir, RunFiles.Metrics), csvPath = Path.Combine(dir, RunFiles.MetricsCsv);
        RunLogs logs;
        if (run.Restored is not { } state)
        {
            var csv = AppendLog.Create(csvPath);
            csv.AppendLine(MetricsCsv.Header(columns));
            logs = new RunLogs(AppendLog.Create(metricsPath), csv, TimingLog.Open(Path.Combine(dir, RunFiles.Timing), resume: false), history, columns, setup.Retention);
        }
        else
        {
            string name = Path.GetFileName(run.Checkpoint!.Path);
            history.Restore(state.LogHistory, state.GlobalStep);
            var metrics = AppendLog.Continue(metricsPath, Position(state, RunFiles.Metrics), () => history.ToMetricsRows().Select(r => r.ToJson()), out string? lost);
            if (lost is not null)
            {
                long kept = metrics.Position.Lines;
                warn($"{RunFiles.Metrics} {lost}; rebuilt it from {name}'s log history ({kept:N0} rows: every evaluation, training rows every {history.Stride:N0} steps); the other training rows up to step {state.GlobalStep:N0} are lost");
            }
            metrics.Flush();
            var csv = AppendLog.Continue(csvPath, lost is null ? Position(state, RunFiles.MetricsCsv) : LogPosition.Empty,
                () => MetricsCsv.FromJsonLines(columns, File.ReadLines(metricsPath)), out string? csvLost);
            if (csvLost is not null && lost is null) warn($"{RunFiles.MetricsCsv} {csvLost}; rebuilt it from {RunFiles.Metrics}");
            logs = new RunLogs(metrics, csv, TimingLog.Open(Path.Combine(dir, RunFiles.Timing), resume: true), history, columns, setup.Retention)
            {
                BestMetric = state.BestMetric,
                BestStep = state.BestGlobalStep,
                BestCheckpoint = state.BestModelCheckpoint,
                SamplesSeen = state.SamplesSeen,
            };
            foreach (var (step, value) in state.CheckpointMetrics) logs.CheckpointMetrics[step] = value;
        }
        if (setup.Config.TensorBoard)
        {
            logs.TensorBoard = TensorBoardWriter.Open(dir, run.Restored is null ? null : run.Step, Now());
            foreach (string note in logs.TensorBoard.Notes) warn("tensorboard: " + note);
        }
        return logs;
    }

    /// <summary>Logs a row to metrics.jsonl, metrics.csv and the history.</summary>
    public void Append(MetricsRow row)
    {
        Metrics.AppendLine(row.ToJson());
        Csv.AppendLine(MetricsCsv.Line(_columns, row.Fields));
        History.Add(row);
        TensorBoard?.Log(new Step(row.Step), History.HfValues(row), Now());
    }

    /// <summary>Throughput since the last flush, for TensorBoard (HF's <c>train_steps_per_second</c>).</summary>
    public void Throughput(long step, double stepsPerSecond, double samplesPerSecond)
    {
        if (TensorBoard is null || !double.IsFinite(stepsPerSecond)) return;
        TensorBoard.Scalar(TensorBoardTags.StepsPerSecond, new Step(step), stepsPerSecond, Now());
        TensorBoard.Scalar(TensorBoardTags.SamplesPerSecond, new Step(step), samplesPerSecond, Now());
    }

    /// <summary>Remembers the retention metric of an evaluation row (for the checkpoint at its step).</summary>
    public void Evaluated(MetricsRow row)
    {
        if (_bestMetric is { } name && row.Get(name) is { } value) _lastMetric = (row.Step, value);
    }

    /// <summary>Before the checkpoint at <paramref name="step"/>: records its metric and updates the best.</summary>
    public void Saving(long step)
    {
        if (_lastMetric is not { } m || m.Step != step) return;
        CheckpointMetrics[step] = m.Value;
        if (BestMetric is not { } best || (_greaterIsBetter ? m.Value > best : m.Value < best))
        {
            BestMetric = m.Value;
            BestStep = step;
            BestCheckpoint = Checkpoints.CheckpointStore.FolderName(step);
        }
    }

    /// <summary>Where metrics.jsonl and metrics.csv stand (after <see cref="Flush"/>).</summary>
    public IReadOnlyDictionary<string, LogPosition> Positions() => new Dictionary<string, LogPosition>(StringComparer.Ordinal)
    {
        [RunFiles.Metrics] = Metrics.Position,
        [RunFiles.MetricsCsv] = Csv.Position,
    };

    /// <summary>Writes buffered rows to the files (and the disk, with <paramref name="durable"/>).</summary>
    public void Flush(bool durable)
    {
        Metrics.Flush(durable);
        Csv.Flush(durable);
        TensorBoard?.Flush();
    }

    public void Dispose()
    {
        try
        {
            Metrics.Dispose();
            Csv.Dispose();
            Timing.Dispose();
        }
        finally
        {
            TensorBoard?.Dispose();
        }
    }

    private static double Now() => (DateTime.UtcNow - DateTime.UnixEpoch).TotalSeconds;

    private static LogPosition Position(TrainerState state, string file) =>
        state.Logs.TryGetValue(file, out var p) ? p : new LogPosition(long.MaxValue, "", 0, "", LogPosition.DefaultBlockBytes);
}
