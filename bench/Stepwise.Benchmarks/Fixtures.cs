using Stepwise;
using Stepwise.Configuration;
using Stepwise.Scheduling;

namespace Stepwise.Benchmarks;

/// <summary>The schedule kinds benchmarked.</summary>
public enum ScheduleKind
{
    Every,
    DenseThenSparse,
    LogSpaced,
    Explicit,
    EpochEnds,
    FirstEpochLog,
    FirstEpochLinear,
    Union,
}

/// <summary>The plan configurations benchmarked.</summary>
public enum PlanVariant
{
    /// <summary>examples/seed001-dense-then-sparse.yaml, built in code.</summary>
    Seed001,
    /// <summary>Dense-then-sparse + first-epoch log + epoch ends + every 10 epochs + explicit list; eval every N, epoch ends, every 5 epochs, list.</summary>
    AllKindsLog,
    /// <summary>Log-spaced (Pythia) + first-epoch linear + the same epoch-end/list/eval parts.</summary>
    AllKindsLinear,
}

/// <summary>Seed 001's run: 390,000 samples at batch 256 → U = 1,524 updates per epoch, T = 3,000,000 (1,969 epochs).</summary>
public static class Fixtures
{
    public const long TotalSteps = 3_000_000;
    public const long TrainSize = 390_000;
    public const long BatchSize = 256;
    public const long UpdatesPerEpoch = 1_524; // ceil(390000 / 256)

    public static readonly Step Last = new(TotalSteps);

    public static EpochBoundaries Epochs() => EpochBoundaries.Uniform(Last, UpdatesPerEpoch);

    /// <summary>100 distinct listed steps spread over the run (a hand-written <c>at:</c> list is shorter).</summary>
    public static Step[] ExplicitSteps()
    {
        var rng = new Random(7);
        return Enumerable.Range(0, 100).Select(_ => new Step(rng.NextInt64(1, TotalSteps + 1))).ToArray();
    }

    public static Schedule Create(ScheduleKind kind)
    {
        EpochBoundaries epochs = Epochs();
        return kind switch
        {
            ScheduleKind.Every => new EverySchedule(5_000, Last),
            ScheduleKind.DenseThenSparse => new DenseThenSparseSchedule(5_000, 30_000, 50_000, Last),
            ScheduleKind.LogSpaced => new LogSpacedSchedule(1_000, Last),
            ScheduleKind.Explicit => new ExplicitSchedule(ExplicitSteps(), Last),
            ScheduleKind.EpochEnds => new EpochEndSchedule(epochs),
            ScheduleKind.FirstEpochLog => new EpochSpacedSchedule(epochs, new EpochSpacedOptions(20, Spacing.Log)),
            ScheduleKind.FirstEpochLinear => new EpochSpacedSchedule(epochs, new EpochSpacedOptions(20, Spacing.Linear)),
            ScheduleKind.Union => new UnionSchedule(
                Enum.GetValues<ScheduleKind>().Where(k => k != ScheduleKind.Union).Select(Create).ToArray(), Last),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    public static PlanConfig Config(PlanVariant variant)
    {
        var data = new EpochSizeConfig(TrainSize: TrainSize);
        var batch = new BatchConfig(Size: BatchSize);
        var duration = new DurationConfig(MaxSteps: TimeValue.Steps(TotalSteps));
        TimeValue[] at = [TimeValue.Steps(1), TimeValue.Steps(777), TimeValue.Steps(123_456), TimeValue.Steps(2_999_999)];
        var evalAll = new EvalConfig(Every: TimeValue.Steps(5_000), AtEpochEnd: true, EveryEpochs: 5, At: at, Final: true);
        return variant switch
        {
            PlanVariant.Seed001 => new PlanConfig
            {
                Data = data, Batch = batch, Duration = duration,
                Checkpoints = new CheckpointConfig(Every: TimeValue.Steps(50_000), DenseUntil: TimeValue.Steps(30_000), DenseEvery: TimeValue.Steps(5_000)),
                Eval = new EvalConfig(Every: TimeValue.Steps(5_000)),
            },
            PlanVariant.AllKindsLog => new PlanConfig
            {
                Data = data, Batch = batch, Duration = duration,
                Checkpoints = new CheckpointConfig(Every: TimeValue.Steps(50_000), DenseUntil: TimeValue.Steps(30_000), DenseEvery: TimeValue.Steps(5_000),
                    FirstEpoch: 20, Spacing: Spacing.Log, EpochEnds: true, EveryEpochs: 10, At: at),
                Eval = evalAll,
            },
            PlanVariant.AllKindsLinear => new PlanConfig
            {
                Data = data, Batch = batch, Duration = duration,
                Checkpoints = new CheckpointConfig(Every: TimeValue.Steps(1_000), LogSpaced: true,
                    FirstEpoch: 20, Spacing: Spacing.Linear, EpochEnds: true, EveryEpochs: 10, At: at),
                Eval = evalAll,
            },
            _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, null),
        };
    }
}
