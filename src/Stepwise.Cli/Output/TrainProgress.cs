using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Stepwise.Training.Loop;
using Stepwise.Training.Models;

namespace Stepwise.Cli.Output;

/// <summary>
/// Progress of <c>stepwise train</c> on stderr: a Spectre.Console progress bar (step/total, epoch, loss, the last
/// evaluation's loss and accuracy — perplexity for language models —, throughput, ETA) on a terminal, with evaluation
/// results and saves printed above it and a long evaluation shown as it goes; otherwise plain lines at about every 5 % of
/// the run, at evaluations, saves and routine notes (retention). Routine notes always reach the run's train.log; on a
/// terminal they stay out of the scrollback. The display refreshes on wall-clock time, but nothing it shows is written to
/// the run's logs.
/// </summary>
public sealed class TrainProgress : ITrainObserver
{
    /// <summary>Evaluations of at least this many rows announce themselves in plain-line mode.</summary>
    public const long LongEvaluationRows = 10_000;

    private readonly TextWriter _err;
    private readonly bool _quiet;
    private readonly bool _languageModel;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Stopwatch _evalClock = new();
    private ProgressTask? _task;
    private IAnsiConsole? _console;
    private string _shortEval = "";
    private string _evaluating = "";
    private long _start, _total, _every = 1, _step;
    private string _lastEval = "";

    /// <summary>Plain lines to <paramref name="err"/>, or none when <paramref name="quiet"/>; <paramref name="languageModel"/>
    /// adds perplexity (e^loss) to evaluation results.</summary>
    public TrainProgress(TextWriter err, bool quiet, bool languageModel = false)
    {
        _err = err;
        _quiet = quiet;
        _languageModel = languageModel;
    }

    /// <summary>Attaches a progress-bar task (terminal mode).</summary>
    public void Attach(ProgressTask task, IAnsiConsole console)
    {
        _task = task;
        _console = console;
    }

    /// <summary>A learning rate in plain decimal (no exponent), up to 10 decimals: 0.0003, 0.000001.</summary>
    public static string Rate(double lr) => lr.ToString("0.##########", CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public void Started(long step, long total, string runDirectory)
    {
        _start = step;
        _total = total;
        _step = step;
        _every = Math.Max(1, total / 20);
        _clock.Restart();
        if (_task is not null) { _task.MaxValue = total; _task.Value = step; }
        else if (!_quiet) _err.WriteLine($"stepwise: training {runDirectory}: step {step} of {total}");
    }

    /// <inheritdoc/>
    public void Step(long step, long epoch, double loss, double lr)
    {
        _step = step;
        if (_task is null && (_quiet || (step % _every != 0 && step != _total))) return; // nothing to show: no formatting
        double rate = (step - _start) / Math.Max(1e-9, _clock.Elapsed.TotalSeconds);
        string eta = rate > 0 ? TimeSpan.FromSeconds(Math.Round((_total - step) / rate)).ToString("c", CultureInfo.InvariantCulture) : "?";
        if (_task is not null)
        {
            _task.Value = step;
            _task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{step}/{_total} ep {epoch} loss {loss:F4} lr {Rate(lr)}{_shortEval} {rate:F0} st/s ETA {eta}"));
            return;
        }
        _err.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stepwise: step {step}/{_total} epoch {epoch} loss {loss:F4} lr {Rate(lr)}{_lastEval} | {rate:F1} steps/s | ETA {eta}"));
    }

    /// <inheritdoc/>
    public void Evaluating(long step, string split, long rows)
    {
        _evaluating = string.Create(CultureInfo.InvariantCulture, $"evaluating {split} {rows:N0} rows at step {step}");
        _evalClock.Restart();
        if (_task is not null) _task.Description = Markup.Escape(_evaluating + " …");
        else if (!_quiet && rows >= LongEvaluationRows) _err.WriteLine($"stepwise: {_evaluating} …");
    }

    /// <inheritdoc/>
    public void EvaluationProgress(long rowsDone, long rows)
    {
        if (_task is null || rows == 0) return;
        _task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{_evaluating} … {100.0 * rowsDone / rows:F0} % ({_evalClock.Elapsed.TotalSeconds:F0} s)"));
    }

    /// <inheritdoc/>
    public void Evaluated(long step, IReadOnlyList<EvalMetrics> metrics)
    {
        _lastEval = " | " + string.Join(" ", metrics.Select(Describe));
        var shown = metrics.FirstOrDefault(m => m.Split == "val") ?? metrics.FirstOrDefault(m => m.Split != "train") ?? metrics[0];
        _shortEval = " " + Describe(shown);
        Show($"eval at step {step}:{_lastEval[2..]}");
    }

    /// <inheritdoc/>
    public void Saved(long step, string path, double seconds) =>
        Show(string.Create(CultureInfo.InvariantCulture, $"saved {Path.GetFileName(path)} ({seconds * 1000:F0} ms)"));

    /// <inheritdoc/>
    public void Message(string line)
    {
        if (_console is not null) _console.MarkupLine(Markup.Escape("stepwise: " + line));
        else _err.WriteLine("stepwise: " + line);
    }

    /// <inheritdoc/>
    public void Detail(string line)
    {
        // routine notes (retention deletions): train.log always has them; plain-line mode shows them, a terminal does not
        if (_console is null && !_quiet) _err.WriteLine("stepwise: " + line);
    }

    private string Describe(EvalMetrics m) => _languageModel
        ? string.Create(CultureInfo.InvariantCulture, $"{m.Split} loss {m.Loss:F4} ppl {Math.Exp(m.Loss):G4} acc {m.Accuracy:P1}")
        : string.Create(CultureInfo.InvariantCulture, $"{m.Split} loss {m.Loss:F4} acc {m.Accuracy:P1}");

    private void Show(string line)
    {
        if (_quiet) return;
        if (_console is not null) _console.MarkupLine(Markup.Escape("stepwise: " + line));
        else _err.WriteLine("stepwise: " + line);
    }
}
