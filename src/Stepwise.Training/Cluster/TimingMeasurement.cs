using System.Diagnostics;
using System.Globalization;
using Stepwise.Training.Checkpoints;
using Stepwise.Training.Loop;
using Stepwise.Training.Runs;
using Stepwise.Training.Setup;
using Stepwise.Training.State;

namespace Stepwise.Training.Cluster;

/// <summary>
/// Finds the <see cref="TimingFigures"/> of one run, each figure from the first source that has it: the figure the user
/// gave (<see cref="TimingInputs"/>); the run folder's own <c>timing.jsonl</c> when it already trained (the median
/// update time of its progress rows, its slowest save); else measured here — updates with
/// <see cref="StepTimer.Measure"/> (median of <see cref="MeasuredSteps"/> after <see cref="WarmupSteps"/>), one
/// evaluation of the scheduled splits, and one real checkpoint-sized save (weights and optimizer state, fsynced) into a
/// temporary folder that is removed again. An evaluation counts only when the plan evaluates before its final step
/// (no stop follows the final step).
/// </summary>
public static class TimingMeasurement
{
    /// <summary>Updates timed when measuring.</summary>
    public const int MeasuredSteps = 10;

    /// <summary>Untimed updates before them.</summary>
    public const int WarmupSteps = 3;

    /// <summary>The figures for <paramref name="setup"/>, trained in <paramref name="runDirectory"/> (which may not exist
    /// yet), measuring what is still missing with <paramref name="threads"/> engine threads (null: the config's, else
    /// the processor count); the save probe goes into <paramref name="scratchDirectory"/> (an existing folder).</summary>
    public static TimingFigures Resolve(RunSetup setup, string runDirectory, TimingInputs given, string scratchDirectory, int? threads)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(given);
        TimingFigure? step = Given(given.StepSeconds, "--step-time"), eval = Given(given.EvaluationSeconds, "--eval-time"), save = Given(given.SaveSeconds, "--save-time");
        if (!EvaluatesBeforeEnd(setup)) eval ??= new TimingFigure(0, "no evaluation before the final step");
        if ((step is null || save is null) && Directory.Exists(runDirectory) && File.Exists(Path.Combine(runDirectory, RunFiles.Timing)))
        {
            var (logStep, logSave) = FromTimingLog(RunFolder.Open(runDirectory));
            step ??= logStep;
            save ??= logSave;
        }
        if (step is null)
        {
            double[] times = StepTimer.Measure(setup, MeasuredSteps, WarmupSteps, threads);
            step = new TimingFigure(Median(times), string.Create(CultureInfo.InvariantCulture, $"measured here: median of {MeasuredSteps} updates"));
        }
        if (eval is null || save is null)
        {
            var run = TrainingRun.Start(setup);
            eval ??= MeasureEvaluation(setup, run);
            save ??= MeasureSave(run, scratchDirectory);
        }
        return new TimingFigures(step.Value, eval.Value, save.Value);
    }

    /// <summary>Whether the plan evaluates at a step before its final one.</summary>
    public static bool EvaluatesBeforeEnd(RunSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var first = setup.Plan.Evaluations.First();
        return first is { } f && f.Value < setup.TotalSteps;
    }

    /// <summary>The update time (median over progress rows of 1 / steps_per_s) and the slowest save of a run's
    /// timing.jsonl; null for what it does not hold.</summary>
    public static (TimingFigure? Step, TimingFigure? Save) FromTimingLog(RunFolder run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var perStep = new List<double>();
        double? save = null;
        foreach (var r in run.Timing())
        {
            if (r.StepsPerSecond is { } sps && sps > 0 && double.IsFinite(sps)) perStep.Add(1 / sps);
            if (r.SaveSeconds is { } ss && double.IsFinite(ss)) save = Math.Max(save ?? 0, ss);
        }
        string where = $"timing.jsonl of {run.Name}";
        return (perStep.Count > 0 ? new TimingFigure(Median([.. perStep]), $"{where}: median of {perStep.Count} progress rows") : null,
                save is { } s ? new TimingFigure(s, $"{where}: slowest save") : null);
    }

    private static TimingFigure MeasureEvaluation(RunSetup setup, TrainingRun run)
    {
        var clock = Stopwatch.StartNew();
        long rows = 0;
        foreach (string split in setup.EvalSplits)
        {
            run.Model.Evaluate(split, setup.EvalBatch);
            rows += run.Model.Rows(split);
        }
        return new TimingFigure(clock.Elapsed.TotalSeconds,
            string.Create(CultureInfo.InvariantCulture, $"measured here: one evaluation of {string.Join(", ", setup.EvalSplits)} ({rows} rows)"));
    }

    private static TimingFigure MeasureSave(TrainingRun run, string scratchDirectory)
    {
        byte[] model = CheckpointCodec.ModelBytes(run.Model), optimizer = CheckpointCodec.OptimizerBytes(run.Optimizer);
        string probe = Path.Combine(scratchDirectory, ".stepwise-save-probe-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            var clock = Stopwatch.StartNew();
            new CheckpointStore(probe).Save(0, [new CheckpointFile(CheckpointCodec.ModelFile, model), new CheckpointFile(CheckpointCodec.OptimizerFile, optimizer)]);
            double seconds = clock.Elapsed.TotalSeconds;
            long bytes = model.LongLength + optimizer.LongLength;
            return new TimingFigure(seconds, string.Create(CultureInfo.InvariantCulture, $"measured here: one checkpoint write of {bytes} bytes into {scratchDirectory}"));
        }
        finally
        {
            try { Directory.Delete(probe, recursive: true); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static TimingFigure? Given(decimal? seconds, string option) => seconds is { } s ? new TimingFigure((double)s, option) : null;
}
