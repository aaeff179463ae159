using System.Globalization;
using Stepwise.Training.Checkpoints;
using Stepwise.Training.Runs;

namespace Stepwise.Training.Loop;

public sealed partial class Trainer
{
    /// <summary>A fresh start into a folder that holds a run is refused (exit 2, nothing written) unless
    /// <see cref="TrainerOptions.Overwrite"/>, which removes that run's files first — once <paramref name="locked"/>,
    /// so that no other writer is using them. Checked before the lock (so a refusal writes nothing) and again under it.</summary>
    private void RefuseOverwrite(bool locked)
    {
        if (_options.Resume.Kind != ResumeKind.None || RunFolder.Describe(_dir) is not { } held) return;
        if (!_options.Overwrite)
            throw new RunInputException($"{_options.RunDirectory} already holds {held}; continue it with --resume auto, or replace it with --overwrite");
        if (!locked) return;
        RunFolder.Clear(_dir);
        Message($"--overwrite: removed {held} from {_options.RunDirectory}");
    }

    /// <summary>The run to continue: a fresh one, or the checkpoint the resume mode names, loaded and checked;
    /// diagnostics go to <paramref name="say"/>. Reads only.</summary>
    private TrainingRun Begin(Action<string> say)
    {
        var run = Choose(say);
        long total = _setup.TotalSteps;
        if (run.Step.Value > total)
            throw new RunInputException($"{Path.GetFileName(run.Checkpoint!.Path)} is at step {run.Step.Value}, past this plan's final step {total}; raise duration.max_steps (or --max-steps) to at least {run.Step.Value}");
        return run;
    }

    private TrainingRun Choose(Action<string> say)
    {
        var mode = _options.Resume;
        var rule = _options.Force ? IdentityRule.Warn : IdentityRule.Refuse;
        switch (mode.Kind)
        {
            case ResumeKind.None:
                return TrainingRun.Start(_setup);
            case ResumeKind.Auto:
            {
                var info = _store.FindNewestValid(say);
                if (info is null)
                {
                    if (_store.List().Count == 0 && RunFolder.Describe(_dir) is { } held && !held.StartsWith("a run's files", StringComparison.Ordinal))
                        say($"no checkpoint in {_options.RunDirectory} ({held}); starting at step 0");
                    else say("no valid checkpoint in the run folder; starting at step 0");
                    return TrainingRun.Start(_setup);
                }
                return TrainingRun.Load(_setup, _store, info, rule, say);
            }
            case ResumeKind.EpochEnd:
            {
                long e = mode.Epoch!.Value;
                long epochs = _setup.Plan.Epochs.EpochCount;
                if (e < 1 || e > epochs) throw new RunInputException($"--resume-from-epoch {e}: the plan has epochs 1..{epochs}");
                long step = _setup.Plan.Epochs.End(e).Value;
                var info = _store.FindValid(step, say);
                if (info is null)
                {
                    var have = _store.List().Select(c => c.Step.ToString(CultureInfo.InvariantCulture)).ToList();
                    throw new RunInputException($"--resume-from-epoch {e}: no valid checkpoint at the end of epoch {e} (step {step}) in {_options.RunDirectory}; checkpoints there: {(have.Count == 0 ? "none" : string.Join(", ", have))} (add checkpoints.epoch_ends: true to save every epoch end)");
                }
                return TrainingRun.Load(_setup, _store, info, rule, say);
            }
            default:
            {
                string path = Path.GetFullPath(mode.Path!.TrimEnd('/'));
                if (!Directory.Exists(path)) throw new RunInputException($"--resume {mode.Path}: no such checkpoint folder");
                if (!CheckpointStore.TryParseFolderName(Path.GetFileName(path), out long st))
                    throw new RunInputException($"--resume {mode.Path}: not a checkpoint_step_N folder");
                var store = new CheckpointStore(Path.GetDirectoryName(path)!);
                var check = store.Validate(path);
                if (!check.IsValid) throw new RunInputException($"--resume {mode.Path}: {Path.GetFileName(path)} is corrupt: {check.Reason}");
                return TrainingRun.Load(_setup, store, new CheckpointInfo(st, path, false), rule, say);
            }
        }
    }

    /// <summary>Whether the resume found the final step of a finished folder (run.json "completed"), or one elsewhere:
    /// then there is nothing to do.</summary>
    private bool IsFinished(TrainingRun run)
    {
        if (!string.Equals(Path.GetDirectoryName(run.Checkpoint!.Path), _dir, StringComparison.Ordinal)) return true;
        try { return RunStatusFile.Read(Path.Combine(_dir, RunFiles.Run))?.Status == RunStatus.Completed; }
        catch (FormatException) { return false; }
    }

    /// <summary>The resume found the final step of a folder whose writer was killed between the final checkpoint and the
    /// end (run.json not "completed"): finish it as the run would have — its logs cut back to the checkpoint, the
    /// retention applied, the final evaluation (a function of the restored weights) and run.json written.</summary>
    private TrainOutcome FinishInterrupted(TrainingRun run)
    {
        long total = _setup.TotalSteps;
        FinalStep = total;
        Message($"{Path.GetFileName(run.Checkpoint!.Path)} is the final step {total}; finishing the run folder its writer left unfinished");
        _store.CleanTemporaries();
        var logs = _logs = RunLogs.Open(_dir, _setup, run, Message);
        ApplyRetention();
        FinalMetrics = run.Model.Splits.Select(split => run.Model.Evaluate(split, _setup.EvalBatch)).ToList();
        logs.Flush(durable: false);
        logs.Timing.Write("end", total, 0, status: RunStatusFile.Name(RunStatus.Completed));
        WriteStatus(RunStatus.Completed, total, null);
        return TrainOutcome.AlreadyComplete;
    }
}
