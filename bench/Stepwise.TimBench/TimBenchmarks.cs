using System.Globalization;
using System.Text.Json;
using Stepwise.Analysis.Influence;
using Stepwise.Config;
using Stepwise.EngineBench;
using Stepwise.Training;
using Stepwise.Training.Loop;
using Stepwise.Training.Replay;
using Stepwise.Training.Setup;

namespace Stepwise.TimBench;

/// <summary>The measurements. <c>prepare</c> trains each case once (not timed) and exports what the peer needs; the
/// others time or measure against that run.</summary>
internal static class TimBenchmarks
{
    /// <summary>Trains the case into DIR/MODEL/run and writes DIR/MODEL/peer/: train_x.f32 (N, D), train_y.i32,
    /// val_x.f32, val_y.i32, counts.i32 (rows per update of the window), rows.i64 (the window's rows, update by
    /// update, as the trainer read them), lr.f32 (each update's rate) and meta.json (sizes, architecture, window).</summary>
    public static void Prepare(string model, string dir)
    {
        var (yaml, window) = TimCases.Of(model);
        string root = Path.Combine(dir, model), run = Path.Combine(root, "run"), peer = Path.Combine(root, "peer");
        if (Directory.Exists(root)) Directory.Delete(root, true);
        Directory.CreateDirectory(peer);
        File.WriteAllText(Path.Combine(root, "config.yaml"), yaml);
        var node = YamlConfigReader.ReadText(yaml, model + ".yaml");
        var (setup, errors) = RunSetup.Create(node.Value, root);
        if (setup is null) throw new ArgumentException(string.Join("; ", errors));
        var outcome = new Trainer(setup, new TrainerOptions { RunDirectory = run }).Run();
        if (outcome != TrainOutcome.Completed) throw new InvalidOperationException($"training {model} ended {outcome}");
        var data = setup.Data.Tabular!;
        Write(Path.Combine(peer, "train_x.f32"), data["train"].X);
        Write(Path.Combine(peer, "train_y.i32"), data["train"].Y);
        Write(Path.Combine(peer, "val_x.f32"), data["val"].X);
        Write(Path.Combine(peer, "val_y.i32"), data["val"].Y);
        var opened = TrainingRun.Open(run);
        var rows = new UpdateBatches(opened).Rows(window).ToList();
        Write(Path.Combine(peer, "counts.i32"), rows.GroupBy(r => r.Update).Select(g => g.Count()).ToArray());
        Write(Path.Combine(peer, "rows.i64"), rows.Select(r => r.Sample).ToArray());
        Write(Path.Combine(peer, "lr.f32"), rows.GroupBy(r => r.Update).Select(g => g.First().LearningRate).ToArray());
        var m = setup.Config.Model;
        File.WriteAllText(Path.Combine(peer, "meta.json"), JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["model"] = model,
            ["features"] = setup.Data.Features,
            ["classes"] = setup.Data.Classes,
            ["hidden"] = m.Hidden,
            ["activation"] = m.Activation,
            ["train"] = data["train"].Count,
            ["val"] = data["val"].Count,
            ["window_start"] = window.Start,
            ["window_end"] = window.End,
            ["batch"] = setup.Geometry.BatchSize,
            ["parameters"] = opened.Model.Params.Length,
        }));
        Console.Error.WriteLine($"prepared {model}: {run} ({setup.TotalSteps} updates), window {window}, {rows.Count} sample occurrences");
    }

    /// <summary>Times influence over the case's window (replay included: segment starts loaded from the run's
    /// checkpoints, float32 products) and training the same window (a copy of the state at its start replayed through
    /// it); two JSON lines, <c>tim_window</c> and <c>train_window</c>, in seconds per window (median call).</summary>
    public static void Time(string model, string dir, Options o)
    {
        var (_, window) = TimCases.Of(model);
        string run = Path.Combine(dir, model, "run");
        var estimator = new InfluenceEstimator(TrainingRun.Open(run), new InfluenceOptions());
        var (rate, calls, elapsed, mean) = Timing.Rate(() => estimator.Estimate([window]), o.Seconds);
        JsonLine.Emit("tim_window", "s", 1 / rate, o.Threads, ("model", model), ("calls", calls), ("seconds", elapsed), ("mean_value", 1 / mean),
            ("updates", window.Length.Value), ("segment", estimator.SegmentFor(window.Length.Value)), ("peak_rss_bytes", Memory.PeakRssBytes()));
        var start = TrainingRun.Open(run, window.FirstState);
        var (trate, tcalls, telapsed, tmean) = Timing.Rate(() => start.Fork().ReplayTo(window.LastState), o.Seconds);
        JsonLine.Emit("train_window", "s", 1 / trate, o.Threads, ("model", model), ("calls", tcalls), ("seconds", telapsed), ("mean_value", 1 / tmean),
            ("updates", window.Length.Value));
    }

    /// <summary>Peak RSS (VmHWM) of a fresh process that opens the run and estimates the window once.</summary>
    public static void PeakMemory(string model, string dir, Options o)
    {
        var (_, window) = TimCases.Of(model);
        long before = Memory.PeakRssBytes();
        var run = TrainingRun.Open(Path.Combine(dir, model, "run"));
        var estimator = new InfluenceEstimator(run, new InfluenceOptions());
        var result = estimator.Estimate([window])!;
        JsonLine.Emit("tim_peak_memory", "bytes", Memory.PeakRssBytes(), o.Threads, ("model", model), ("peak_rss_before_run_bytes", before),
            ("parameters", run.Model.Params.Length), ("segment", estimator.SegmentFor(window.Length.Value)), ("kept_starts", estimator.LastReplay!.PeakKeptStarts),
            ("checksum", result[0].Scores.Sum().ToString("R", CultureInfo.InvariantCulture)));
    }

    private static void Write<T>(string path, T[] values) where T : unmanaged
    {
        using var f = File.Create(path);
        f.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
    }
}
