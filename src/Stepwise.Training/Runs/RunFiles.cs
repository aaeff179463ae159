using System.Text;

namespace Stepwise.Training.Runs;

/// <summary>The files of a run folder besides checkpoints (docs/training.md). The whole-file ones are written to a
/// temporary name and renamed into place, so a reader never sees half a file; the logs only ever grow by whole lines
/// (a resume cuts them back to a checkpoint's recorded length). None of them is needed to resume.</summary>
public static class RunFiles
{
    /// <summary>plan.json: the plan's JSON contract.</summary>
    public const string Plan = "plan.json";
    /// <summary>config.yaml: the resolved config.</summary>
    public const string Config = "config.yaml";
    /// <summary>run.json: status, step and final metrics.</summary>
    public const string Run = "run.json";
    /// <summary>metrics.jsonl: one row per logged step or evaluation.</summary>
    public const string Metrics = "metrics.jsonl";
    /// <summary>metrics.csv: the same rows as CSV.</summary>
    public const string MetricsCsv = "metrics.csv";
    /// <summary>timing.jsonl: wall-clock times (not reproducible, so kept out of metrics.jsonl).</summary>
    public const string Timing = "timing.jsonl";
    /// <summary>train.log: every diagnostic line of the run (resume decisions, retention, warnings).</summary>
    public const string Log = "train.log";
    /// <summary>report.html: the run's page (docs/reports.md), written after training unless <c>report: false</c>.</summary>
    public const string Report = "report.html";
    /// <summary>tb/: TensorBoard event files (with <c>log.tensorboard: true</c>).</summary>
    public const string TensorBoard = "tb";

    /// <summary>The plain files a run writes (not the lock files, which any writer creates).</summary>
    public static IReadOnlyList<string> Known { get; } = [Plan, Config, Run, Metrics, MetricsCsv, Timing, Log, Report];

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> atomically (temp file + rename).</summary>
    public static void WriteAtomic(string path, string text)
    {
        string tmp = path + ".tmp";
        File.WriteAllText(tmp, text, new UTF8Encoding(false));
        File.Move(tmp, path, overwrite: true);
    }
}
