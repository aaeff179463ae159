using System.Globalization;

namespace Stepwise;

/// <summary>
/// The only place that converts epochs ↔ updates ↔ samples. Computed per data-parallel rank, as PyTorch's
/// <c>DistributedSampler</c> + <c>DataLoader</c> and the Hugging Face Trainer do it:
/// per-rank samples S = ceil(N/W) (floor with drop_last), per-rank batches L = ceil(S/b) (floor with drop_last),
/// updates per epoch U = ceil(L/G) (a partial accumulation window at the end of an epoch is still stepped).
/// </summary>
/// <remarks>All counts are <see cref="long"/>; arithmetic is checked. Instances are immutable.</remarks>
public sealed record EpochGeometry
{
    private EpochGeometry(GeometryKind kind, long batchSize, long gradAccum, long worldSize, bool dropLast, long updatesPerEpoch)
    {
        Kind = kind;
        BatchSize = batchSize;
        GradAccum = gradAccum;
        WorldSize = worldSize;
        DropLast = dropLast;
        UpdatesPerEpoch = updatesPerEpoch;
    }

    /// <summary>How <see cref="UpdatesPerEpoch"/> was derived.</summary>
    public GeometryKind Kind { get; }

    /// <summary>Per-device micro-batch size b (≥ 1).</summary>
    public long BatchSize { get; }

    /// <summary>Gradient-accumulation micro-batches per update G (≥ 1).</summary>
    public long GradAccum { get; }

    /// <summary>Data-parallel world size W (≥ 1).</summary>
    public long WorldSize { get; }

    /// <summary>Whether the sampler and loader drop incomplete shards/batches.</summary>
    public bool DropLast { get; }

    /// <summary>Training-set size N (Dataset geometry only).</summary>
    public long? TrainSize { get; private init; }

    /// <summary>Per-rank samples per epoch S (Dataset geometry only).</summary>
    public long? SamplesPerRank { get; private init; }

    /// <summary>Per-rank micro-batches per epoch L (Dataset geometry only).</summary>
    public long? BatchesPerRank { get; private init; }

    /// <summary>Optimizer updates per epoch U (≥ 1).</summary>
    public long UpdatesPerEpoch { get; }

    /// <summary>The epoch duration and step time, in seconds, an <see cref="GeometryKind.EpochTime"/> geometry was made from.</summary>
    public (decimal EpochSeconds, decimal StepSeconds)? EpochTimeSource { get; private init; }

    /// <summary>Samples consumed by one update over all ranks: b·G·W (the last update of an epoch may consume fewer).</summary>
    public long SamplesPerStep => checked(BatchSize * GradAccum * WorldSize);

    /// <summary>
    /// Samples consumed per epoch over all ranks. Dataset: W·S without drop_last (a partial batch is still used),
    /// W·L·b with it (DistributedSampler padding counts, as it is trained on). Fixed samples: as given. Other kinds: U·b·G·W.
    /// </summary>
    public long SamplesPerEpoch => Kind switch
    {
        GeometryKind.Dataset => checked(WorldSize * (DropLast ? BatchesPerRank!.Value * BatchSize : SamplesPerRank!.Value)),
        GeometryKind.FixedSamples => GivenSamplesPerEpoch!.Value,
        _ => checked(UpdatesPerEpoch * SamplesPerStep),
    };

    /// <summary>The samples per epoch a <see cref="GeometryKind.FixedSamples"/> geometry was made from.</summary>
    public long? GivenSamplesPerEpoch { get; private init; }

    /// <summary>Builds the geometry of a map-style dataset of <paramref name="trainSize"/> samples.</summary>
    /// <returns>The geometry, or a message when an epoch would have no update (drop_last with too little data).</returns>
    public static ParseResult<EpochGeometry> FromDataset(long trainSize, long batchSize, long gradAccum = 1, long worldSize = 1, bool dropLast = false)
    {
        CheckPositive(trainSize, nameof(trainSize));
        CheckBatch(batchSize, gradAccum, worldSize);
        long s = dropLast ? trainSize / worldSize : CeilDiv(trainSize, worldSize);
        long l = dropLast ? s / batchSize : CeilDiv(s, batchSize);
        long u = CeilDiv(l, gradAccum);
        if (u == 0)
        {
            return ParseResult<EpochGeometry>.Fail(string.Create(CultureInfo.InvariantCulture,
                $"with drop_last, {trainSize} samples over world_size {worldSize} give {s} per rank, fewer than one batch of {batchSize}: an epoch would have 0 updates"));
        }
        return ParseResult<EpochGeometry>.Ok(new EpochGeometry(GeometryKind.Dataset, batchSize, gradAccum, worldSize, dropLast, u)
        {
            TrainSize = trainSize,
            SamplesPerRank = s,
            BatchesPerRank = l,
        });
    }

    /// <summary>A fixed number of updates per epoch (iterable or patch datasets).</summary>
    public static EpochGeometry FromStepsPerEpoch(long stepsPerEpoch, long batchSize, long gradAccum = 1, long worldSize = 1)
    {
        CheckPositive(stepsPerEpoch, nameof(stepsPerEpoch));
        CheckBatch(batchSize, gradAccum, worldSize);
        return new EpochGeometry(GeometryKind.FixedSteps, batchSize, gradAccum, worldSize, false, stepsPerEpoch);
    }

    /// <summary>An epoch of <paramref name="samplesPerEpoch"/> samples: U = ceil(samples / (b·G·W)).</summary>
    /// <example>Seed 003: 806 records × 16 patches = 12,896 samples at batch 2 → 6,448 updates.</example>
    public static EpochGeometry FromSamplesPerEpoch(long samplesPerEpoch, long batchSize, long gradAccum = 1, long worldSize = 1)
    {
        CheckPositive(samplesPerEpoch, nameof(samplesPerEpoch));
        CheckBatch(batchSize, gradAccum, worldSize);
        long u = CeilDiv(samplesPerEpoch, checked(batchSize * gradAccum * worldSize));
        return new EpochGeometry(GeometryKind.FixedSamples, batchSize, gradAccum, worldSize, false, u) { GivenSamplesPerEpoch = samplesPerEpoch };
    }

    /// <summary>An epoch of a desired duration: U = floor(epochSeconds / stepSeconds).</summary>
    /// <example>Seed 003: 7 h / 12 s = 2,100 updates per epoch.</example>
    /// <returns>The geometry, or a message when the epoch is shorter than one step.</returns>
    public static ParseResult<EpochGeometry> FromEpochTime(decimal epochSeconds, decimal stepSeconds, long batchSize, long gradAccum = 1, long worldSize = 1)
    {
        if (epochSeconds <= 0) throw new ArgumentOutOfRangeException(nameof(epochSeconds), epochSeconds, "must be > 0");
        if (stepSeconds <= 0) throw new ArgumentOutOfRangeException(nameof(stepSeconds), stepSeconds, "must be > 0");
        CheckBatch(batchSize, gradAccum, worldSize);
        decimal ratio = decimal.Floor(epochSeconds / stepSeconds);
        if (ratio < 1m) return ParseResult<EpochGeometry>.Fail($"an epoch of {TimeValue.FormatAmount(epochSeconds)}s is shorter than one step of {TimeValue.FormatAmount(stepSeconds)}s");
        if (ratio > long.MaxValue) return ParseResult<EpochGeometry>.Fail("the epoch would have more than 2^63 steps");
        return ParseResult<EpochGeometry>.Ok(new EpochGeometry(GeometryKind.EpochTime, batchSize, gradAccum, worldSize, false, (long)ratio)
        {
            EpochTimeSource = (epochSeconds, stepSeconds),
        });
    }

    /// <summary>The state at the end of epoch <paramref name="epoch"/> (1-based) in an unbounded run: e·U.</summary>
    public Step EpochEnd(long epoch) => new(checked(epoch * UpdatesPerEpoch));

    /// <summary>ceil(a / b) for a ≥ 0, b ≥ 1, without overflow.</summary>
    public static long CeilDiv(long a, long b) => a / b + (a % b == 0 ? 0 : 1);

    private static void CheckPositive(long value, string name)
    {
        if (value < 1) throw new ArgumentOutOfRangeException(name, value, "must be ≥ 1");
    }

    private static void CheckBatch(long batchSize, long gradAccum, long worldSize)
    {
        CheckPositive(batchSize, nameof(batchSize));
        CheckPositive(gradAccum, nameof(gradAccum));
        CheckPositive(worldSize, nameof(worldSize));
        _ = checked(batchSize * gradAccum * worldSize);
    }
}
