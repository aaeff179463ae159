using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Stepwise.Training.Models;
using Stepwise.Training.Loop;

namespace Stepwise.Cli.Output;

/// <summary>
/// Progress of <c>stepwise train</c> on stderr: a Spectre.Console progress bar (step/total, epoch, loss, last eval,
/// throughput, ETA) on a terminal; otherwise plain lines at about every 5 % of the run, at evaluations and at
/// checkpoints. The display refreshes on wall-clock time, but nothing it shows is written to the run's logs.
/// </summary>
public sealed class TrainProgress : ITrainObserver
{
    private readonly TextWriter _err;
    private readonly bool _quiet;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private ProgressTask? _task;
    private IAnsiConsole? _console;
    private string _shortEval = "";
    private long _start, _total, _every = 1;
    private string _lastEval = "";

    /// <summary>Plain lines to <paramref name="err"/>, or none when <paramref name="quiet"/>.</summary>
    public TrainProgress(TextWriter err, bool quiet)
    {
        _err = err;
        _quiet = quiet;
    }

    /// <summary>Attaches a progress-bar task (terminal mode).</summary>
    public void Attach(ProgressTask task, IAnsiConsole console)
    {
        _task = task;
        _console = console;
    }

    /// <inheritdoc/>
    public void Started(long step, long total, string runDirectory)
    {
        _start = step;
        _total = total;
        _every = Math.Max(1, total / 20);
        _clock.Restart();
        if (_task is not null) { _task.MaxValue = total; _task.Value = step; }
        else if (!_quiet) _err.WriteLine($"stepwise: training {runDirectory}: step {step} of {total}");
    }

    /// <inheritdoc/>
    public void Step(long step, long epoch, double loss, double lr)
    {
        if (_task is null && (_quiet || (step % _every != 0 && step != _total))) return; // nothing to show: no formatting
        double rate = (step - _start) / Math.Max(1e-9, _clock.Elapsed.TotalSeconds);
        string eta = rate > 0 ? TimeSpan.FromSeconds(Math.Round((_total - step) / rate)).ToString("c", CultureInfo.InvariantCulture) : "?";
        if (_task is not null)
        {
            _task.Value = step;
            _task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{step}/{_total} ep {epoch} loss {loss:F4}{_shortEval} {rate:F0} st/s ETA {eta}"));
            return;
        }
        _err.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stepwise: step {step}/{_total} epoch {epoch} loss {loss:F4} lr {lr:G4}{_lastEval} | {rate:F1} steps/s | ETA {eta}"));
    }

    /// <inheritdoc/>
    public void Evaluated(long step, IReadOnlyList<EvalMetrics> metrics)
    {
        _lastEval = " | " + string.Join(" ", metrics.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Split} {m.Loss:F4}/{m.Accuracy:P1}")));
        var shown = metrics.FirstOrDefault(m => m.Split != "train") ?? metrics[0];
        _shortEval = string.Create(CultureInfo.InvariantCulture, $" {shown.Split} {shown.Accuracy:P1}");
        if (_task is null && !_quiet) _err.WriteLine($"stepwise: eval at step {step}:{_lastEval[2..]}");
    }

    /// <inheritdoc/>
    public void Saved(long step, string path, double seconds)
    {
        if (_task is null && !_quiet) _err.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stepwise: saved {Path.GetFileName(path)} ({seconds * 1000:F0} ms)"));
    }

    /// <inheritdoc/>
    public void Message(string line)
    {
        // --quiet keeps warnings and resume decisions and drops routine notes (retention deletions).
        if (_quiet && line.StartsWith("retention:", StringComparison.Ordinal)) return;
        if (_console is not null) _console.MarkupLine(Markup.Escape("stepwise: " + line));
        else _err.WriteLine("stepwise: " + line);
    }
}
