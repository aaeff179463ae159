using System.Text;

namespace Stepwise.Training.Runs;

/// <summary>The files of a run folder besides checkpoints (docs/training.md): written whole to a temporary name and
/// renamed into place, so a reader never sees half a file. None of them is needed to resume.</summary>
public static class RunFiles
{
    /// <summary>plan.json: the plan's JSON contract.</summary>
    public const string Plan = "plan.json";
    /// <summary>config.yaml: the resolved config.</summary>
    public const string Config = "config.yaml";
    /// <summary>run.json: status and final metrics.</summary>
    public const string Run = "run.json";
    /// <summary>metrics.jsonl: one row per logged step or evaluation.</summary>
    public const string Metrics = "metrics.jsonl";
    /// <summary>metrics.csv: the same rows as CSV.</summary>
    public const string MetricsCsv = "metrics.csv";
    /// <summary>timing.jsonl: wall-clock times (not reproducible, so kept out of metrics.jsonl).</summary>
    public const string Timing = "timing.jsonl";

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> atomically (temp file + rename).</summary>
    public static void WriteAtomic(string path, string text)
    {
        string tmp = path + ".tmp";
        File.WriteAllText(tmp, text, new UTF8Encoding(false));
        File.Move(tmp, path, overwrite: true);
    }
}
