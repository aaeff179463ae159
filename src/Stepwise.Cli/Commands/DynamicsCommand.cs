using System.CommandLine;
using System.Globalization;
using Stepwise.Analysis.Dynamics;
using Stepwise.Analysis.Dynamics.Cartography;
using Stepwise.Cli.Output;
using Stepwise.Training;
using Stepwise.Training.Checkpoints;
using Stepwise.Training.Loop;
using Stepwise.Training.Runs;

namespace Stepwise.Cli.Commands;

/// <summary>
/// <c>stepwise dynamics CONFIG [--epoch-schedule 1,3,5,10,20,30,50,100] [--num-passages 100] [--quick-test]
/// [--resume-from-epoch E | --resume auto] [--save-checkpoints] [--save-hidden-states] [--text FILE] [--out DIR]
/// [--overwrite] [--time-limit 2h] [--threads N] [--set k=v]... [--quiet]</c>: seed 002's training-dynamics
/// experiment (docs/dynamics.md); every option is also a <c>dynamics:</c> key. <c>stepwise dynamics RUN_DIR</c>
/// summarizes the dataset cartography a <c>stepwise train</c> run recorded with <c>dynamics: { record: true }</c>.
/// Like <c>stepwise train</c>, the experiment writes report.html into its run folder at the end and on a stop (unless
/// the config says <c>report: false</c>). Exit codes as train: 0 done, 2 bad input (nothing written), 3 stopped and
/// resumable, 4 a write fault.
/// </summary>
public static class DynamicsCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext cx)
    {
        var target = new Argument<string>("CONFIG") { Description = "An experiment config (docs/dynamics.md), or a run folder recorded with dynamics.record: true" };
        var set = CommonOptions.Set();
        var schedule = new Option<string?>("--epoch-schedule") { Description = "Scheduled epochs, e.g. 1,3,5,10,20,30,50,100 (dynamics.epoch_schedule)" };
        var passages = new Option<string?>("--num-passages") { Description = "Trained passages, and as many novel ones (dynamics.num_passages, default 100)" };
        var quick = new Option<bool>("--quick-test") { Description = "Epochs 1, 5, 20 (dynamics.quick_test)" };
        var fromEpoch = new Option<long?>("--resume-from-epoch") { Description = "Continue from the checkpoint at the end of epoch E (needs --out)" };
        var resume = new Option<string?>("--resume") { Description = "auto: continue the run in --out from its newest valid checkpoint" };
        var saveCheckpoints = new Option<bool>("--save-checkpoints") { Description = "Keep the checkpoint of every scheduled epoch (dynamics.save_checkpoints)" };
        var saveHidden = new Option<bool>("--save-hidden-states") { Description = "Write hidden/epoch_E.safetensors (dynamics.save_hidden_states)" };
        var text = new Option<string?>("--text") { Description = "Passage text, split at blank lines (dynamics.text; default: the bundled Pride and Prejudice)" };
        var outDir = new Option<string?>("--out") { Description = "Run folder (default runs/<name>-<timestamp>)" };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace the run already in --out" };
        var timeLimit = new Option<string?>("--time-limit") { Description = "Stop cleanly (checkpoint, exit 3) before this wall time, e.g. 2h, 90m" };
        var threads = CommonOptions.Threads();
        var force = new Option<bool>("--force") { Description = "Resume even if the checkpoint's config differs" };
        var quiet = new Option<bool>("--quiet") { Description = "No progress output" };
        var command = new Command("dynamics", "Training dynamics of a small language model fine-tuned on passages: memorization and per-layer compression at each epoch of a schedule, with statistics; writes report.html. Example: stepwise dynamics examples/seed002-dynamics.yaml --quick-test --num-passages 50")
        {
            target, set, schedule, passages, quick, fromEpoch, resume, saveCheckpoints, saveHidden, text, outDir, overwrite, timeLimit, threads, force, quiet,
        };
        command.SetAction(r =>
        {
            string path = r.GetValue(target)!;
            if (Directory.Exists(path)) return Summarize(cx, path);
            var stop = cx.Stop ?? new StopSignal();
            using var handlers = cx.Stop is null ? SignalHandlers.Install(stop) : null;
            return Run(cx, stop, new Request(path, r.GetValue(set) ?? [], r.GetValue(schedule), r.GetValue(passages), r.GetValue(quick), r.GetValue(fromEpoch),
                r.GetValue(resume), r.GetValue(saveCheckpoints), r.GetValue(saveHidden), r.GetValue(text), r.GetValue(outDir), r.GetValue(overwrite),
                r.GetValue(timeLimit), r.GetValue(threads), r.GetValue(force), r.GetValue(quiet)));
        });
        return command;
    }

    internal sealed record Request(string ConfigPath, string[] Sets, string? Schedule, string? Passages, bool Quick, long? FromEpoch, string? Resume,
        bool SaveCheckpoints, bool SaveHidden, string? Text, string? OutDir, bool Overwrite, string? TimeLimit, int? Threads, bool Force, bool Quiet);

    private static int Summarize(CliContext cx, string dir)
    {
        try
        {
            var summary = CartographySummary.Read(dir);
            string csv = Path.Combine(dir, CartographyLog.Folder, CartographySummary.CsvName);
            RunFiles.WriteAtomic(csv, summary.Csv());
            cx.Out.Write(summary.Text());
            cx.Out.WriteLine($"per-row map: {csv}");
            return ExitCodes.Ok;
        }
        catch (RunInputException e)
        {
            return cx.BadInput(e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            cx.Err.WriteLine($"stepwise: error: cannot write {CartographySummary.CsvName} in {dir}: {e.Message}");
            return ExitCodes.WriteFault;
        }
    }

    internal static int Run(CliContext cx, StopSignal stop, Request q)
    {
        var started = DateTime.UtcNow;
        var mode = ResumeMode.Parse(q.Resume, q.FromEpoch);
        if (!mode.TryGetValue(out var resumeMode)) return cx.BadInput(mode.Error!);
        if (resumeMode.Kind == ResumeKind.Checkpoint) return cx.BadInput($"--resume {q.Resume}: allowed: auto (or --resume-from-epoch E)");
        if (q.Overwrite && resumeMode.Kind != ResumeKind.None) return cx.BadInput("--overwrite starts the run again; it cannot be combined with --resume or --resume-from-epoch");
        TimeSpan? limit = null;
        if (q.TimeLimit is not null)
        {
            var seconds = CommonOptions.Clock("--time-limit", q.TimeLimit, "2h, 90m, 600s");
            if (!seconds.TryGetValue(out decimal sec)) return cx.BadInput(seconds.Error!);
            limit = TimeSpan.FromSeconds((double)sec);
        }
        var extra = new List<(string, string)>();
        if (q.Schedule is not null)
        {
            var epochs = q.Schedule.Split(',', StringSplitOptions.TrimEntries);
            if (epochs.Any(e => !long.TryParse(e, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
                return cx.BadInput($"--epoch-schedule {q.Schedule}: allowed: comma-separated whole epochs, e.g. 1,3,5,10,20,30,50,100");
            extra.Add(("dynamics.epoch_schedule", "[" + string.Join(", ", epochs) + "]"));
        }
        if (q.Passages is not null)
        {
            if (!long.TryParse(q.Passages, NumberStyles.None, CultureInfo.InvariantCulture, out _)) return cx.BadInput($"--num-passages {q.Passages}: allowed: a whole number ≥ 1, e.g. 100");
            extra.Add(("dynamics.num_passages", q.Passages));
        }
        if (q.Quick) extra.Add(("dynamics.quick_test", "true"));
        if (q.SaveCheckpoints) extra.Add(("dynamics.save_checkpoints", "true"));
        if (q.SaveHidden) extra.Add(("dynamics.save_hidden_states", "true"));
        if (q.Text is not null) extra.Add(("dynamics.text", "'" + Path.GetFullPath(q.Text).Replace("'", "''", StringComparison.Ordinal) + "'"));
        var root = ConfigLoader.Load(q.ConfigPath, q.Sets, extra);
        if (!root.TryGetValue(out var node)) return cx.BadInput(root.Error!);
        var (experiment, errors) = DynamicsExperiment.Prepare(node, ConfigLoader.BaseDirectory(q.ConfigPath));
        if (experiment is null)
        {
            foreach (string e in errors) cx.Err.WriteLine($"stepwise: error: {e}");
            return ExitCodes.BadInput;
        }
        var p = experiment.Passages;
        if (!q.Quiet && p.Skipped.Count > 0)
        {
            string first = string.Join(", ", p.Skipped.Take(8).Select(s => string.Create(CultureInfo.InvariantCulture, $"#{s.Index} ({s.Tokens})")));
            cx.Err.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"stepwise: dynamics: skipped {p.Skipped.Count} passage(s) shorter than {experiment.Settings.MinTokens} tokens: {first}{(p.Skipped.Count > 8 ? ", …" : "")} (all in results.json; indices are kept)"));
        }
        string name = experiment.Values.Word("name") ?? Path.GetFileNameWithoutExtension(q.ConfigPath);
        var dirResult = resumeMode.RunDirectory(q.OutDir, () => Path.Combine("runs", $"{name}-{started.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}"));
        if (!dirResult.TryGetValue(out string? dir)) return cx.BadInput(dirResult.Error!);
        var progress = new TrainProgress(cx.Err, q.Quiet);
        DynamicsOutcome outcome;
        try
        {
            outcome = experiment.Run(new DynamicsRequest
            {
                RunDirectory = dir,
                Resume = resumeMode,
                Overwrite = q.Overwrite,
                Force = q.Force,
                TimeLimit = limit,
                TimeLimitOrigin = started,
                Stop = stop,
                Observer = progress,
                Threads = q.Threads,
                Faults = cx.Faults,
            });
        }
        catch (RunInputException e)
        {
            foreach (string line in e.Message.Split('\n')) cx.Err.WriteLine($"stepwise: error: {line}");
            return ExitCodes.BadInput;
        }
        catch (CheckpointWriteException e)
        {
            cx.Err.WriteLine($"stepwise: error: {e.Message}");
            return ExitCodes.WriteFault;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            cx.Err.WriteLine($"stepwise: error: cannot write the run folder {dir}: {e.Message}");
            return ExitCodes.WriteFault;
        }
        // as stepwise train: report.html at the end and on a stop (exit 3), unless the config says report: false
        // (RunConfig.Report's default); a stop while pretraining leaves the experiment's folder without a run to draw
        if (outcome.Phase == "dynamics" && outcome.Outcome != TrainOutcome.AlreadyComplete && experiment.Values.Bool("report", true))
            ReportCommand.WriteAfterTraining(cx, dir);
        if (outcome.Outcome == TrainOutcome.Stopped)
        {
            cx.Err.WriteLine($"stepwise: stopped {(outcome.Phase == "pretrain" ? "pretraining " : "")}at step {outcome.Step} of {outcome.TotalSteps} ({stop.Reason}); resume with: stepwise dynamics {q.ConfigPath} --out {dir} --resume auto");
            cx.Out.WriteLine($"stopped {outcome.Phase} {outcome.Step}/{outcome.TotalSteps} {dir}");
            return ExitCodes.Stopped;
        }
        string summary = "";
        if (outcome.Report?.Summaries is { Count: > 0 } s)
        {
            var last = s[^1];
            summary = string.Create(CultureInfo.InvariantCulture,
                $" epoch={last.Epoch} memorization_rate={last.MemorizationRate:F4} exact_rate={last.ExactRate:F4} novel_memorization_rate={last.NovelMemorizationRate:F4} training_loss={last.TrainingLoss:F4} novel_loss={last.NovelLoss:F4}");
        }
        cx.Out.WriteLine($"{(outcome.Outcome == TrainOutcome.AlreadyComplete ? "complete" : "completed")} {outcome.TotalSteps}/{outcome.TotalSteps} {dir}{summary}");
        return ExitCodes.Ok;
    }
}
