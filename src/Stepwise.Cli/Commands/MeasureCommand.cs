using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Stepwise.Cli.Output;
using Stepwise.Training;
using Stepwise.Training.Loop;

namespace Stepwise.Cli.Commands;

/// <summary>
/// <c>stepwise measure CONFIG [--steps 100] [--warmup 10] [--epoch-time 7h] [--threads N] [--format text|json]</c>:
/// times real training updates, then computes seed 003's decision framework: steps per epoch for a desired epoch
/// duration, the planned epoch's duration, the run's time, samples per epoch and coverage. Writes nothing.
/// </summary>
public static class MeasureCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext cx)
    {
        var config = CommonOptions.Config();
        var set = CommonOptions.Set();
        var steps = new Option<int>("--steps") { Description = "Updates to time after the warm-up", DefaultValueFactory = _ => 100, HelpName = "N" };
        var warmup = new Option<int>("--warmup") { Description = "Untimed warm-up updates", DefaultValueFactory = _ => 10, HelpName = "N" };
        var epochTime = new Option<string?>("--epoch-time") { Description = "A desired epoch duration, e.g. 7h: prints the steps per epoch it allows", HelpName = "DURATION" };
        var threads = CommonOptions.Threads();
        var format = CommonOptions.Format();
        var command = new Command("measure", "Time real training updates and compute the epoch's and run's duration, and the steps per epoch a desired epoch time allows. Example: stepwise measure examples/quickstart.yaml --epoch-time 1h")
        {
            config, set, steps, warmup, epochTime, threads, format,
        };
        command.SetAction(r =>
        {
            int n = r.GetValue(steps), w = r.GetValue(warmup);
            if (n is < 1 or > 1_000_000) return cx.BadInput($"--steps = {n}: allowed 1..1000000");
            if (w is < 0 or > 1_000_000) return cx.BadInput($"--warmup = {w}: allowed 0..1000000");
            decimal? epochSeconds = null;
            if (r.GetValue(epochTime) is { } et)
            {
                var seconds = CommonOptions.Clock("--epoch-time", et, "7h, 90m");
                if (!seconds.TryGetValue(out decimal sec)) return cx.BadInput(seconds.Error!);
                epochSeconds = sec;
            }
            var root = ConfigLoader.Load(r.GetValue(config)!, r.GetValue(set) ?? []);
            if (!root.TryGetValue(out var node)) return cx.BadInput(root.Error!);
            var setup = ConfigLoader.BuildRun(cx, node, r.GetValue(config), out int code);
            if (setup is null) return code;
            double[] times;
            try { times = StepTimer.Measure(setup, n, w, r.GetValue(threads)); }
            catch (RunInputException e) { return cx.BadInput(e.Message); }
            var report = MeasureReport.From(setup, times, epochSeconds);
            switch (CommonOptions.FormatOf(r.GetValue(format)))
            {
                case OutputFormat.Json: cx.Out.WriteLine(JsonSerializer.Serialize(report.ToDictionary())); break;
                case OutputFormat.Csv: report.WriteCsv(cx.Out); break;
                default: report.WriteText(cx.Out); break;
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
