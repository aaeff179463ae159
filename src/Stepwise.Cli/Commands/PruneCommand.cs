using System.CommandLine;
using System.Globalization;
using Stepwise.Analysis.Pruning;
using Stepwise.Cli.Output;
using Stepwise.Training;
using Stepwise.Training.Checkpoints;
using Stepwise.Training.Loop;

namespace Stepwise.Cli.Commands;

/// <summary>
/// <c>stepwise prune CONFIG [--set k=v]... [--stages 5] [--prune 0.3] [--noise 0.3] [--method tim|tracin|all]
/// [--repeats 1] [--query val] [--out DIR] [--resume auto] [--format text|json] [--wait-lock 60s] [--time-limit 2h]
/// [--threads N]</c>:
/// seed 000's multi-stage pruning experiment (docs/influence.md). Exit codes: 0 done, 2 bad input (nothing written),
/// 3 stopped by a signal or the time limit (the same command with <c>--resume auto</c> continues), 4 a write fault.
/// </summary>
public static class PruneCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext cx)
    {
        var config = CommonOptions.Config();
        var set = CommonOptions.Set();
        var stages = CommonOptions.WholeNumber("--stages", "The plan's K stage windows of updates (default: prune.stages, else stages, else 5)", "K");
        var prune = Share("--prune", "The share of train samples pruned (default: prune.fraction, else 0.3)", "F");
        var noise = Share("--noise", "The share of train labels flipped, test split clean (default: prune.noise, else data.label_noise, else 0.3)", "R");
        var method = new Option<string?>("--method") { Description = "Scores: tim, tracin or all (both; default: prune.method, else all)", HelpName = "tim|tracin|all" };
        var repeats = CommonOptions.WholeNumber("--repeats", "Run the whole experiment with seeds s, s + 1, …, s + R − 1 (default: prune.repeats, else 1)", "R");
        var query = new Option<string?>("--query") { Description = "The split whose loss defines the scores (default: prune.query, else val); never test", HelpName = "SPLIT" };
        var outDir = new Option<string?>("--out") { Description = "The experiment's folder (default runs/<name>-<UTC timestamp>)", HelpName = "DIR" };
        var resume = new Option<string?>("--resume") { Description = "Continue the experiment in --out where it stopped", HelpName = "auto" };
        var format = CommonOptions.Format(OutputFormat.Text, OutputFormat.Text, OutputFormat.Json);
        var waitLock = new Option<string?>("--wait-lock") { Description = "Wait up to this long while another process writes the folder (default: refuse at once)", HelpName = "DURATION" };
        var timeLimit = new Option<string?>("--time-limit") { Description = "Stop (exit 3, resumable with --resume auto) before this wall time, e.g. 2h", HelpName = "DURATION" };
        var threads = CommonOptions.Threads();
        var command = new Command("prune", "Which training window's influence finds the noisy labels: score every sample per stage window (TIM, TracIn), prune the lowest, retrain from the same initial weights, test against random and oracle pruning. Example: stepwise prune examples/seed000-pruning.yaml --out runs/prune")
        {
            config, set, stages, prune, noise, method, repeats, query, outDir, resume, format, waitLock, timeLimit, threads,
        };
        command.SetAction(r =>
        {
            var started = DateTime.UtcNow;
            var stop = cx.Stop ?? new StopSignal();
            using var handlers = cx.Stop is null ? SignalHandlers.Install(stop) : null;
            string path = r.GetValue(config)!;
            bool resuming = false;
            if (r.GetValue(resume) is { } how)
            {
                if (how != "auto") return cx.BadInput($"--resume {how}: stepwise prune continues the experiment in its own folder; allowed: auto (with --out DIR)");
                if (r.GetValue(outDir) is null) return cx.BadInput("--resume auto needs --out DIR (the experiment's folder to continue)");
                resuming = true;
            }
            TimeSpan? limit = null;
            if (r.GetValue(timeLimit) is { } tl)
            {
                var seconds = CommonOptions.Clock("--time-limit", tl, "2h, 90m, 600s");
                if (!seconds.TryGetValue(out decimal sec)) return cx.BadInput(seconds.Error!);
                limit = TimeSpan.FromSeconds((double)sec);
            }
            var wait = TimeSpan.Zero;
            if (r.GetValue(waitLock) is { } wl)
            {
                var seconds = CommonOptions.Clock("--wait-lock", wl, "60s, 5m");
                if (!seconds.TryGetValue(out decimal sec)) return cx.BadInput(seconds.Error!);
                wait = TimeSpan.FromSeconds((double)sec);
            }
            var root = ConfigLoader.Load(path, r.GetValue(set) ?? []);
            if (!root.TryGetValue(out var node)) return cx.BadInput(root.Error!);
            var request = new PruneRequest
            {
                Config = node,
                BaseDirectory = ConfigLoader.BaseDirectory(path),
                ConfigPath = path,
                OutDirectory = r.GetValue(outDir),
                Overrides = new PruneOverrides
                {
                    Stages = r.GetValue(stages),
                    Fraction = r.GetValue(prune),
                    Noise = r.GetValue(noise),
                    Method = r.GetValue(method),
                    Repeats = r.GetValue(repeats),
                    Query = r.GetValue(query),
                },
                Resume = resuming,
                WaitLock = wait,
                Threads = r.GetValue(threads),
                TimeLimit = limit,
                TimeLimitOrigin = started,
            };
            bool json = CommonOptions.FormatOf(r.GetValue(format)) == OutputFormat.Json;
            return Run(cx, stop, request, json);
        });
        return command;
    }

    private static int Run(CliContext cx, StopSignal stop, PruneRequest request, bool json)
    {
        PrunePlan plan;
        try
        {
            var (prepared, errors) = PruneExperiment.Prepare(request);
            if (prepared is null)
            {
                foreach (string e in errors) cx.Err.WriteLine($"stepwise: error: {e}");
                return ExitCodes.BadInput;
            }
            plan = prepared;
        }
        catch (RunInputException e)
        {
            return cx.BadInput(e.Message);
        }
        if (!json) PruneText.WritePlan(cx.Out, plan);
        PruneOutcome outcome;
        try
        {
            outcome = PruneExperiment.Run(plan, stop, new Observer(cx.Err));
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
            cx.Err.WriteLine($"stepwise: error: cannot write the experiment's folder {plan.OutDirectory}: {e.Message}");
            return ExitCodes.WriteFault;
        }
        if (plan.First.Config.Report) ReportCommand.WriteAfterTraining(cx, plan.Output);
        var t = outcome.Timing;
        cx.Err.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"stepwise: prune: {t.TotalSeconds:0.0} s (training {t.TrainingSeconds:0.0} s, scoring {t.ScoringSeconds:0.0} s, retraining {t.RetrainingSeconds:0.0} s)"));
        if (json) cx.Out.Write(PruneResultsJson.Write(outcome.Results));
        else PruneText.WriteResults(cx.Out, plan, outcome);
        if (!outcome.Stopped) return ExitCodes.Ok;
        cx.Err.WriteLine($"stepwise: stopped ({outcome.Results.StopReason}) after {outcome.Results.Rows.Count} retrained runs; continue with: stepwise prune {request.ConfigPath} --out {plan.OutDirectory} --resume auto (and the same options)");
        if (!json) cx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stopped {outcome.Results.Rows.Count} runs {plan.OutDirectory}"));
        return ExitCodes.Stopped;
    }

    /// <summary>A share such as <c>--prune 0.3</c>, exact as written; a token that is not a number is a one-line usage
    /// error. The range is checked with the config.</summary>
    private static Option<decimal?> Share(string name, string description, string helpName) => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = r =>
        {
            string token = r.Tokens.Count == 0 ? "" : r.Tokens[0].Value;
            if (decimal.TryParse(token, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out decimal value)) return value;
            r.AddError($"{name} = {token}: not a number; allowed: a share in (0, 1) such as {name} 0.3");
            return null;
        },
    };

    /// <summary>Progress on stderr: one line per job with the repeat, stage, method and the time left.</summary>
    private sealed class Observer(TextWriter err) : IPruneObserver
    {
        public void Progress(PruneProgress p)
        {
            string what = p.Phase switch
            {
                PrunePhase.Training => "training once on every sample",
                PrunePhase.Scoring => $"scoring every sample on every stage window ({PruneNames.Of(p.Method!.Value)})",
                _ => p.Stage is { } k ? $"stage {k}/{p.Stages} {PruneNames.Of(p.Method!.Value)}: retraining on the kept samples" : $"{PruneNames.Of(p.Method!.Value)}: retraining on the kept samples",
            };
            string eta = p.Eta is { } e ? $", ETA {Clock(e)}" : "";
            err.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stepwise: prune: repeat {p.Repeat + 1}/{p.Repeats} · {what} · job {p.Job + 1}/{p.Jobs}, {Clock(p.Elapsed)} elapsed{eta}"));
        }

        public void Scored(int repeat, PruneMethod method, int stage, long stages) =>
            err.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stepwise: prune: repeat {repeat + 1} · {PruneNames.Of(method)}: stage window {stage}/{stages} scored"));

        public void Message(string line) => err.WriteLine($"stepwise: {line}");

        private static string Clock(TimeSpan t) => t.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{t.Minutes}:{t.Seconds:00}");
    }
}
