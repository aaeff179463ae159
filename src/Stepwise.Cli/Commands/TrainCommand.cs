using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Stepwise.Cli.Output;
using Stepwise.Training.Checkpoints;
using Stepwise.Training;
using Stepwise.Training.Loop;
using Stepwise.Training.Cluster;
using Stepwise.Training.Runs;

namespace Stepwise.Cli.Commands;

/// <summary>
/// <c>stepwise train CONFIG [--set k=v]... [--max-steps N] [--out DIR] [--resume auto|PATH] [--resume-from-epoch E]
/// [--overwrite] [--wait-lock 60s] [--time-limit 2h] [--threads N] [--force] [--quiet]</c>: trains to the plan's final
/// step. Exit codes: 0 done (or already complete), 2 bad input (nothing written: also a folder that already holds a
/// run, or one another process is writing), 3 stopped on a signal or time limit and resumable, 4 a write or checkpoint
/// fault.
/// </summary>
public static class TrainCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext cx)
    {
        var config = CommonOptions.Config();
        var set = CommonOptions.Set();
        var maxSteps = new Option<long?>("--max-steps") { Description = "Override duration.max_steps (T); a resumed run may change it", HelpName = "N" };
        var outDir = new Option<string?>("--out") { Description = "Run folder (default runs/<name>-<UTC timestamp>)", HelpName = "DIR" };
        var resume = new Option<string?>("--resume") { Description = "Continue from the newest valid checkpoint of the run folder (auto; step 0 when it has none) or from a checkpoint_step_N folder", HelpName = "auto|PATH" };
        var fromEpoch = new Option<long?>("--resume-from-epoch") { Description = "Continue from the checkpoint at the end of epoch E", HelpName = "E" };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace the run already in --out (its files are removed first)" };
        var waitLock = new Option<string?>("--wait-lock") { Description = "Wait up to this long while another process writes the run folder (default: refuse at once)", HelpName = "DURATION" };
        var timeLimit = new Option<string?>("--time-limit") { Description = "Stop cleanly (checkpoint, exit 3) before this wall time, e.g. 2h, 90m, 600s", HelpName = "DURATION" };
        var threads = CommonOptions.Threads();
        var force = new Option<bool>("--force") { Description = "Resume even if data, geometry, model, optimizer or seed changed" };
        var quiet = new Option<bool>("--quiet") { Description = "No progress output" };
        var command = new Command("train", "Train a model following the plan to the step, with atomic checkpoints and bit-exact resume. Example: stepwise train examples/quickstart.yaml --out runs/q")
        {
            config, set, maxSteps, outDir, resume, fromEpoch, overwrite, waitLock, timeLimit, threads, force, quiet,
        };
        command.SetAction(r =>
        {
            // Program.cs installs the handlers before parsing when the verb is train; in memory (tests) they start here.
            var stop = cx.Stop ?? new StopSignal();
            using var handlers = cx.Stop is null ? SignalHandlers.Install(stop) : null;
            return Run(cx, stop, new Request(r.GetValue(config)!, r.GetValue(set) ?? [], r.GetValue(maxSteps), r.GetValue(outDir), r.GetValue(resume),
                r.GetValue(fromEpoch), r.GetValue(overwrite), r.GetValue(waitLock), r.GetValue(timeLimit), r.GetValue(threads), r.GetValue(force), r.GetValue(quiet)));
        });
        return command;
    }

    internal sealed record Request(string ConfigPath, string[] Sets, long? MaxSteps, string? OutDir, string? Resume, long? FromEpoch,
        bool Overwrite, string? WaitLock, string? TimeLimit, int? Threads, bool Force, bool Quiet);

    internal static int Run(CliContext cx, StopSignal stop, Request q)
    {
        var started = DateTime.UtcNow;
        var mode = ResumeMode.Parse(q.Resume, q.FromEpoch);
        if (!mode.TryGetValue(out var resumeMode)) return cx.BadInput(mode.Error!);
        if (q.Overwrite && resumeMode.Kind != ResumeKind.None) return cx.BadInput("--overwrite starts the run again; it cannot be combined with --resume or --resume-from-epoch");
        if (q.MaxSteps is < 1) return cx.BadInput($"--max-steps = {q.MaxSteps}: must be ≥ 1");
        TimeSpan? limit = null;
        if (q.TimeLimit is not null)
        {
            var seconds = CommonOptions.Clock("--time-limit", q.TimeLimit, "2h, 90m, 600s");
            if (!seconds.TryGetValue(out decimal sec)) return cx.BadInput(seconds.Error!);
            limit = TimeSpan.FromSeconds((double)sec);
        }
        var wait = TimeSpan.Zero;
        if (q.WaitLock is not null)
        {
            var seconds = CommonOptions.Clock("--wait-lock", q.WaitLock, "60s, 5m");
            if (!seconds.TryGetValue(out decimal sec)) return cx.BadInput(seconds.Error!);
            wait = TimeSpan.FromSeconds((double)sec);
        }
        var extra = q.MaxSteps is { } m ? new[] { ("duration.max_steps", m.ToString(CultureInfo.InvariantCulture)) } : [];
        var root = ConfigLoader.Load(q.ConfigPath, q.Sets, extra);
        if (!root.TryGetValue(out var node)) return cx.BadInput(root.Error!);
        var setup = ConfigLoader.BuildRun(cx, node, q.ConfigPath, out int code);
        if (setup is null) return code;
        if (!q.Quiet) foreach (string w in setup.Plan.Warnings) cx.Err.WriteLine($"stepwise: {w}");
        var dirResult = resumeMode.RunDirectory(q.OutDir, () => RunFolderNames.Default(setup, q.ConfigPath, started));
        if (!dirResult.TryGetValue(out string? dir)) return cx.BadInput(dirResult.Error!);

        var progress = new TrainProgress(cx.Err, q.Quiet, languageModel: setup.Data.Sequences is not null);
        var trainer = new Trainer(setup, new TrainerOptions
        {
            RunDirectory = Path.GetFullPath(dir),
            Resume = resumeMode,
            Force = q.Force,
            Overwrite = q.Overwrite,
            WaitLock = wait,
            TimeLimit = limit,
            TimeLimitOrigin = started,
            Deadline = SlurmEnvironment.Deadline(),
            Stop = stop,
            Observer = progress,
            Threads = q.Threads,
            Faults = cx.Faults,
            Hooks = Stepwise.Analysis.Dynamics.Cartography.CartographyHook.For(setup, Path.GetFullPath(dir)),
        });
        TrainOutcome outcome;
        try
        {
            outcome = Interactive(cx) && !q.Quiet ? RunWithBar(trainer, progress) : trainer.Run();
        }
        catch (RunInputException e)
        {
            return cx.BadInput(e.Message);
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
        if (setup.Config.Report && outcome != TrainOutcome.AlreadyComplete) ReportCommand.WriteAfterTraining(cx, trainer.RunDirectory);
        switch (outcome)
        {
            case TrainOutcome.Stopped:
                cx.Err.WriteLine($"stepwise: stopped at step {trainer.FinalStep} of {setup.TotalSteps} ({stop.Reason}); resume with: stepwise train {q.ConfigPath} --out {dir} --resume auto");
                cx.Out.WriteLine($"stopped {trainer.FinalStep}/{setup.TotalSteps} {dir}");
                return ExitCodes.Stopped;
            case TrainOutcome.AlreadyComplete:
                cx.Out.WriteLine($"complete {setup.TotalSteps}/{setup.TotalSteps} {dir}");
                return ExitCodes.Ok;
            default:
                string metrics = string.Join(" ", trainer.FinalMetrics.Select(x => string.Create(CultureInfo.InvariantCulture, $"{x.Split}_loss={x.Loss:F4} {x.Split}_accuracy={x.Accuracy:F4}")));
                cx.Out.WriteLine($"completed {setup.TotalSteps}/{setup.TotalSteps} {dir}{(metrics.Length > 0 ? " " + metrics : "")}");
                return ExitCodes.Ok;
        }
    }

    private static bool Interactive(CliContext cx) => ReferenceEquals(cx.Err, Console.Error) && !Console.IsErrorRedirected;

    private static TrainOutcome RunWithBar(Trainer trainer, TrainProgress progress)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        TrainOutcome outcome = TrainOutcome.Completed;
        console.Progress()
            .AutoClear(false)
            .Columns(new ProgressBarColumn { Width = 24 }, new PercentageColumn(), new TaskDescriptionColumn { Alignment = Justify.Left })
            .Start(ctx =>
            {
                progress.Attach(ctx.AddTask("starting"), console);
                outcome = trainer.Run();
            });
        return outcome;
    }
}
