using System.CommandLine;
using System.Globalization;
using Stepwise.Analysis.Influence;
using Stepwise.Cli.Output;
using Stepwise.Training;
using Stepwise.Training.Loop;
using Stepwise.Training.Models;

namespace Stepwise.Cli.Commands;

/// <summary>
/// <c>stepwise influence RUN_DIR (--window A:B | --windows A:B,C:D,… | --stages K) [--query val]
/// [--measure-at window-end|end] [--top 20] [--verify N] [--segment K] [--precision float32|float64]
/// [--format text|csv|json] [--out FILE] [--time-limit 2h] [--threads N]</c>: time-windowed influence of every training
/// sample (docs/influence.md). Exit codes: 0 done, 2 bad input (nothing written), 3 stopped by a signal or the time
/// limit (the finished windows are kept; the same command resumes at the next window), 4 a write fault.
/// </summary>
public static class InfluenceCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext cx)
    {
        var run = new Argument<string>("RUN_DIR") { Description = "A run folder (or one of its checkpoint_step_N folders)" };
        var window = new Option<string?>("--window") { Description = "One window of updates A:B (inclusive), e.g. 0:125" };
        var windows = new Option<string?>("--windows") { Description = "Several windows A:B,C:D,…" };
        var stages = CommonOptions.WholeNumber("--stages", "The plan's K stage windows over updates 0..T−1 ");
        var query = new Option<string>("--query") { Description = "The split whose mean loss is the query", DefaultValueFactory = _ => "val" };
        var measureAt = Word("--measure-at", "Where the query loss is measured: window-end (state b+1) or end (state T)", ["window-end", "end"], "window-end");
        var top = new Option<int>("--top") { Description = "Most helpful and most harmful samples listed per window", DefaultValueFactory = _ => 20 };
        var verify = new Option<int>("--verify") { Description = "Check N samples per window by exact leave-one-out retraining", DefaultValueFactory = _ => 0 };
        var segment = new Option<long?>("--segment") { Description = "Updates per replay segment K (default: influence.segment of the run, else ⌈√window⌉)" };
        var precision = Word("--precision", "Arithmetic of the per-sample and Hessian-vector products", ["float32", "float64"], "float32");
        var format = CommonOptions.Format();
        var outFile = new Option<string?>("--out") { Description = "Write the result to FILE instead of stdout" };
        var timeLimit = new Option<string?>("--time-limit") { Description = "Stop (exit 3, resumable at the next window) before this wall time, e.g. 2h" };
        var threads = CommonOptions.Threads();
        var command = new Command("influence", "Time-windowed influence of every training sample on a query loss, verified against leave-one-out retraining. Example: stepwise influence runs/noisy --stages 5 --verify 50")
        {
            run, window, windows, stages, query, measureAt, top, verify, segment, precision, format, outFile, timeLimit, threads,
        };
        command.SetAction(r =>
        {
            var started = DateTime.UtcNow;
            var stop = cx.Stop ?? new StopSignal();
            using var handlers = cx.Stop is null ? SignalHandlers.Install(stop) : null;
            string path = r.GetValue(run)!;
            IReadOnlyList<StepWindow>? chosen = null;
            if (r.GetValue(window) is { } one && r.GetValue(windows) is not null) return cx.BadInput("--window and --windows: give one of them (--windows takes a list)");
            if (r.GetValue(window) is { } text)
            {
                var parsed = WindowSpec.Parse("--window", text);
                if (!parsed.TryGetValue(out var w)) return cx.BadInput(parsed.Error!);
                chosen = [w];
            }
            else if (r.GetValue(windows) is { } list)
            {
                var parsed = WindowSpec.ParseList("--windows", list);
                if (!parsed.TryGetValue(out var ws)) return cx.BadInput(parsed.Error!);
                chosen = ws;
            }
            TimeSpan? limit = null;
            if (r.GetValue(timeLimit) is { } tl)
            {
                var seconds = CommonOptions.Clock("--time-limit", tl, "2h, 90m, 600s");
                if (!seconds.TryGetValue(out decimal sec)) return cx.BadInput(seconds.Error!);
                limit = TimeSpan.FromSeconds((double)sec);
            }
            string? file = r.GetValue(outFile);
            var request = new InfluenceRequest
            {
                RunPath = path,
                Windows = chosen,
                Stages = r.GetValue(stages),
                Options = new InfluenceOptions
                {
                    Query = r.GetValue(query)!,
                    MeasureAt = r.GetValue(measureAt) == "end" ? MeasureAt.End : MeasureAt.WindowEnd,
                    Segment = r.GetValue(segment),
                    Precision = r.GetValue(precision) == "float64" ? CurvaturePrecision.Float64 : CurvaturePrecision.Float32,
                    Verify = r.GetValue(verify),
                },
                Threads = r.GetValue(threads),
                ProgressPath = InfluenceAnalysis.ProgressPathFor(path, file),
                TimeLimit = limit,
                TimeLimitOrigin = started,
            };
            InfluenceReport report;
            try
            {
                report = InfluenceAnalysis.Run(request, stop, line => cx.Err.WriteLine($"stepwise: {line}"), r.GetValue(top));
            }
            catch (RunInputException e)
            {
                return cx.BadInput(e.Message);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                cx.Err.WriteLine($"stepwise: error: cannot write the progress file {request.ProgressPath}: {e.Message}");
                return ExitCodes.WriteFault;
            }
            cx.Err.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stepwise: replayed {report.ReplayedUpdates} updates (segments of {report.Segment})"));
            if (report.Stopped)
            {
                cx.Err.WriteLine($"stepwise: stopped after {report.Results.Count} of {report.Windows.Count} windows ({report.StopReason}); the finished windows are kept in {request.ProgressPath}: run the same command again to resume at the next window");
                cx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stopped {report.Results.Count}/{report.Windows.Count} windows"));
                return ExitCodes.Stopped;
            }
            var rendered = new StringWriter(CultureInfo.InvariantCulture);
            switch (CommonOptions.FormatOf(r.GetValue(format)))
            {
                case OutputFormat.Csv:
                    cx.Err.WriteLine($"stepwise: {InfluenceReport.SignRule}"); // CSV has no place for it: the rule goes beside it
                    InfluenceTables.WriteCsv(rendered, report);
                    break;
                case OutputFormat.Json: InfluenceTables.WriteJson(rendered, report); break;
                default: InfluenceText.Write(rendered, report); break;
            }
            if (file is null)
            {
                cx.Out.Write(rendered.ToString());
                return ExitCodes.Ok;
            }
            try
            {
                string full = Path.GetFullPath(file);
                File.WriteAllText(full + ".tmp", rendered.ToString());
                File.Move(full + ".tmp", full, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                cx.Err.WriteLine($"stepwise: error: cannot write {file}: {e.Message}");
                return ExitCodes.WriteFault;
            }
            cx.Out.WriteLine($"wrote {file}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Option<string> Word(string name, string description, string[] allowed, string fallback) => new(name)
    {
        Description = description,
        HelpName = string.Join("|", allowed),
        DefaultValueFactory = _ => fallback,
        CustomParser = r =>
        {
            string token = r.Tokens.Count == 0 ? "" : r.Tokens[0].Value.ToLowerInvariant();
            if (allowed.Contains(token)) return token;
            string? guess = Configuration.DidYouMean.Suggest(token, allowed);
            r.AddError($"{name} = {token}: not allowed{(guess is null ? "" : $"; did you mean '{guess}'?")} (allowed: {string.Join(", ", allowed)})");
            return fallback;
        },
    };
}
