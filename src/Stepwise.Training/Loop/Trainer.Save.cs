using System.Diagnostics;
using Stepwise.Training.Checkpoints;
using Stepwise.Training.Setup;
using Stepwise.Training.State;
using Stepwise.Scheduling;

namespace Stepwise.Training.Loop;

public sealed partial class Trainer
{
    private void Save(TrainingRun run, long step, Stopwatch clock)
    {
        var plan = _setup.Plan;
        var logs = _logs!;
        logs.Saving(step);
        double t0 = clock.Elapsed.TotalSeconds;
        logs.Flush(durable: true);
        long parameters = run.Model.Params.Length;
        long perSample = _setup.Data.Sequences is not null ? _setup.Data.Context : 1;
        var state = new TrainerState
        {
            GlobalStep = step,
            Epoch = (double)step / plan.StepsPerEpoch,
            MaxSteps = _setup.TotalSteps,
            StepsPerEpoch = plan.StepsPerEpoch,
            LoggingSteps = _setup.LogEvery,
            EvalSteps = RegularInterval.Of(plan.Evaluations),
            SaveSteps = RegularInterval.Of(plan.Checkpoints),
            TrainBatchSize = _setup.Geometry.BatchSize,
            NumTrainEpochs = (long)decimal.Ceiling(plan.EpochsExact),
            SamplesSeen = logs.SamplesSeen,
            TotalFlos = 6.0 * parameters * logs.SamplesSeen * perSample,
            LogHistory = logs.History.Rows,
            BestMetric = logs.BestMetric,
            BestGlobalStep = logs.BestStep,
            BestModelCheckpoint = logs.BestCheckpoint,
            RngState = run.Model.RngState,
            Threads = _threads,
            ConfigHash = _setup.ConfigHash,
            PlanHash = RunSetup.Sha256(_setup.PlanJsonText),
            Identity = _setup.Identity,
            LrTimeline = run.LrTimeline,
            Model = ModelSignature.Of(_setup.Data),
            Logs = logs.Positions(),
            CheckpointMetrics = new Dictionary<long, double>(logs.CheckpointMetrics),
        };
        var info = _store.Save(step, CheckpointCodec.Files(run.Model, run.Optimizer, state, _setup.ResolvedYaml), _setup.Retention.IsPermanent(step));
        ApplyRetention();
        double seconds = clock.Elapsed.TotalSeconds - t0;
        logs.Timing.Write("save", step, clock.Elapsed.TotalSeconds, saveSeconds: seconds);
        _observer?.Saved(step, info.Path, seconds);
    }

    /// <summary>Deletes the checkpoints the retention settings do not keep (none when there are none), and forgets the
    /// metrics of deleted ones.</summary>
    private void ApplyRetention()
    {
        var ret = _setup.Retention;
        var logs = _logs!;
        if (ret.KeepLast is null && ret.KeepBest is null) return;
        var deleted = _store.ApplyRetention(new RetentionPolicy(ret.KeepLast, ret.KeepBest, ret.BestMetric, ret.GreaterIsBetter), logs.CheckpointMetrics);
        foreach (long d in deleted)
        {
            logs.CheckpointMetrics.Remove(d);
            Detail($"retention: deleted {CheckpointStore.FolderName(d)}");
        }
    }
}
