using Stepwise.Configuration;
using Stepwise.Planning;
using Stepwise.Scheduling;

namespace Stepwise.Tests.Golden;

/// <summary>The worked numbers of seeds 000, 001, 003, 004 and Pythia, as docs/semantics.md states them.</summary>
public class SeedGoldenTests
{
    private static Plan Build(PlanConfig config, long? total = null, long? epochs = null)
    {
        var result = PlanBuilder.Build(config, total, epochs);
        Assert.True(result.Success, string.Join("; ", result.Errors));
        return result.Plan!;
    }

    private static long[] Steps(Schedule s) => s.Enumerate().Select(x => x.Value).ToArray();

    [Fact]
    public void Seed000_FiveStagesOf630Steps()
    {
        var plan = Build(new PlanConfig
        {
            Data = new(TrainSize: 1000),
            Batch = new(Size: 16),
            Duration = new(Epochs: TimeValue.Epochs(10)),
            Stages = 5,
        });
        Assert.Equal(63, plan.StepsPerEpoch);
        Assert.Equal(630, plan.TotalSteps.Value);
        Assert.Equal(10m, plan.EpochsExact);
        Assert.Equal(
            new[] { (0L, 125L), (126, 251), (252, 377), (378, 503), (504, 629) },
            plan.Windows.Select(w => (w.Start, w.End)));
        Assert.All(plan.Windows, w => Assert.Equal(126, w.Length.Value));
    }

    [Fact]
    public void Seed000_VerificationRun_TwoStagesOf20Steps()
    {
        var plan = Build(new PlanConfig
        {
            Data = new(TrainSize: 100),
            Batch = new(Size: 10),
            Duration = new(Epochs: TimeValue.Epochs(2)),
            Stages = 2,
        });
        Assert.Equal(10, plan.StepsPerEpoch);
        Assert.Equal(20, plan.TotalSteps.Value);
        Assert.Equal(new[] { (0L, 9L), (10, 19) }, plan.Windows.Select(w => (w.Start, w.End)));
    }

    [Fact]
    public void Seed001_DenseThenSparse_66CheckpointsOver3MSteps()
    {
        var plan = Build(new PlanConfig
        {
            Data = new(TrainSize: 390_000),
            Batch = new(Size: 256),
            Duration = new(Epochs: TimeValue.Epochs(3), MaxSteps: TimeValue.Steps(3_000_000)),
            Checkpoints = new(Every: TimeValue.Steps(50_000), DenseUntil: TimeValue.Steps(30_000), DenseEvery: TimeValue.Steps(5_000)),
            Eval = new(Every: TimeValue.Steps(5_000)),
        });
        // 390,000 / 256 = 1,523.4: a DataLoader without drop_last yields 1,524 batches (the seed's "~1,523" rounds down).
        Assert.Equal(1524, plan.StepsPerEpoch);
        Assert.Equal(3_000_000, plan.TotalSteps.Value);
        Assert.Equal("max_steps", plan.DurationSource);
        Assert.Equal(1969, plan.Epochs.EpochCount);
        long[] ck = Steps(plan.Checkpoints);
        Assert.Equal(66, ck.Length);
        Assert.Equal(new long[] { 5000, 10000, 15000, 20000, 25000, 30000, 50000, 100000 }, ck.Take(8));
        Assert.Equal(3_000_000, ck[^1]);
        Assert.Equal(600, plan.Evaluations.Count());
        Assert.Contains(plan.Warnings, w => w.Contains("overrides", StringComparison.Ordinal));
    }

    [Fact]
    public void Seed001_QuickTest_OneEpochIs1524Steps()
    {
        var plan = Build(new PlanConfig
        {
            Data = new(TrainSize: 390_000),
            Batch = new(Size: 256),
            Duration = new(Epochs: TimeValue.Epochs(1)),
        });
        Assert.Equal(1524, plan.TotalSteps.Value);
        // With drop_last the count is the seed's 1,523.
        var dropped = Build(new PlanConfig
        {
            Data = new(TrainSize: 390_000),
            Batch = new(Size: 256, DropLast: true),
            Duration = new(Epochs: TimeValue.Epochs(1)),
        });
        Assert.Equal(1523, dropped.TotalSteps.Value);
    }

    [Fact]
    public void Seed001_OldEpochConfig_ThreeEpochsAre4572Steps()
    {
        // Seed 001's "old" run: --num_epochs 3 = "~4,570 steps" (3 × its rounded-down 1,523 = 4,569); a DataLoader
        // without drop_last gives 3 × 1,524 = 4,572. With the seed's save_steps 10000 no periodic checkpoint falls inside
        // the run; only the final step is saved.
        var plan = Build(new PlanConfig
        {
            Data = new(TrainSize: 390_000),
            Batch = new(Size: 256),
            Duration = new(Epochs: TimeValue.Epochs(3)),
            Checkpoints = new(Every: TimeValue.Steps(10_000)),
            Eval = new(Every: TimeValue.Steps(5_000)),
        });
        Assert.Equal(4572, plan.TotalSteps.Value);
        Assert.Equal(new long[] { 1524, 3048, 4572 }, plan.Epochs.Ends().Select(e => e.Value));
        Assert.Equal(new long[] { 4572 }, Steps(plan.Checkpoints));
        Assert.Equal(new long[] { 4572 }, Steps(plan.Evaluations));
    }

    [Fact]
    public void Seed003_RecordsTimesPatches_6448StepsAtBatch2()
    {
        var plan = Build(new PlanConfig
        {
            Data = new(Records: 806, SamplesPerRecord: 16),
            Batch = new(Size: 2),
            Duration = new(Epochs: TimeValue.Epochs(1)),
        });
        Assert.Equal(6448, plan.StepsPerEpoch);
        Assert.Equal(12_896, plan.Geometry!.SamplesPerEpoch);
    }

    [Fact]
    public void Seed003_CodeDefault_12896IterationsPerEpoch()
    {
        // The seed's code treats records × patches as iterations: express that as a fixed steps_per_epoch.
        var plan = Build(new PlanConfig
        {
            Data = new(StepsPerEpoch: 806 * 16),
            Batch = new(Size: 1),
            Duration = new(Epochs: TimeValue.Epochs(1)),
        });
        Assert.Equal(12_896, plan.TotalSteps.Value);
    }

    [Fact]
    public void Seed003_SevenHourEpochAt12SecondsPerStep_2100Steps()
    {
        var plan = Build(new PlanConfig
        {
            Data = new(EpochTime: TimeValueParser.Parse("7h").Value, UniqueSamples: 4000),
            Batch = new(Size: 2),
            Duration = new(TimeBudget: TimeValueParser.Parse("7h").Value, StepTime: TimeValueParser.Parse("12s").Value),
        });
        Assert.Equal(2100, plan.StepsPerEpoch);
        Assert.Equal(2100, plan.TotalSteps.Value);
        Assert.Equal(4200, plan.Geometry!.SamplesPerEpoch);
        Assert.Equal(25_200m, plan.Estimates().EpochSeconds);
    }

    [Fact]
    public void Seed003_ExplicitIterationsOverRecordsTimesPatches_StepsWin_RecordsCountUniqueSamples()
    {
        // The seed's train.py: train_iterations_per_epoch, when given, replaces len(records) × patches_per_volume.
        var plan = Build(new PlanConfig
        {
            Data = new(StepsPerEpoch: 2000, Records: 806, SamplesPerRecord: 16),
            Batch = new(Size: 2),
            Duration = new(Epochs: TimeValue.Epochs(32)),
        });
        Assert.Equal(2000, plan.StepsPerEpoch);
        Assert.Equal(64_000, plan.TotalSteps.Value);
        Assert.Equal(GeometryKind.FixedSteps, plan.Geometry!.Kind);
        Assert.Equal(12_896, plan.UniqueSamples);
        Assert.Equal(4000m / 12_896m, plan.Coverage);
        Assert.Contains(plan.Warnings, w => w.StartsWith("note: data.steps_per_epoch = 2,000 steps per epoch overrides the epoch of data.records × data.samples_per_record = 806 × 16 = 12,896 samples", StringComparison.Ordinal));
    }

    [Fact]
    public void Seed003_ExplicitIterationsOverTrainSize_StepsWin_TrainSizeCountsUniqueSamples()
    {
        var plan = Build(new PlanConfig
        {
            Data = new(TrainSize: 4000, StepsPerEpoch: 1500),
            Batch = new(Size: 2),
            Duration = new(Epochs: TimeValue.Epochs(32)),
            WrittenKeys = new Dictionary<string, string> { ["data.train_size"] = "dataset_size", ["data.steps_per_epoch"] = "train_iterations_per_epoch" },
        });
        Assert.Equal(1500, plan.StepsPerEpoch);
        Assert.Equal(48_000, plan.TotalSteps.Value);
        Assert.Equal(4000, plan.UniqueSamples);
        Assert.Equal(0.75m, plan.Coverage); // seed 003 option 3: 1,500 steps × batch 2 = 3,000 of ~4,000 patches
        Assert.Contains("note: train_iterations_per_epoch = 1,500 steps per epoch overrides the epoch of dataset_size = 4,000 samples, which serves as the unique samples for coverage (as max_steps overrides epochs)", plan.Warnings);
    }

    [Fact]
    public void Seed003_ExplicitUniqueSamples_BeatTheDatasetSize()
    {
        var plan = Build(new PlanConfig
        {
            Data = new(TrainSize: 806, StepsPerEpoch: 2000, UniqueSamples: 4000),
            Batch = new(Size: 2),
            Duration = new(Epochs: TimeValue.Epochs(1)),
        });
        Assert.Equal(4000, plan.UniqueSamples);
        Assert.Equal(1m, plan.Coverage);
    }

    [Fact]
    public void Seed003_PatchesPerVolumeWithoutRecords_IsUnusedBesideExplicitIterations()
    {
        var plan = Build(new PlanConfig
        {
            Data = new(StepsPerEpoch: 2000, SamplesPerRecord: 16),
            Batch = new(Size: 2),
            Duration = new(Epochs: TimeValue.Epochs(1)),
        });
        Assert.Equal(2000, plan.StepsPerEpoch);
        Assert.Null(plan.UniqueSamples);
        Assert.Contains(plan.Warnings, w => w.StartsWith("note: data.samples_per_record is unused", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("samples_per_epoch", "data.samples_per_epoch", "contradicts data.steps_per_epoch")]
    [InlineData("epoch_time", "data.epoch_time", "contradicts data.steps_per_epoch")]
    [InlineData("train_size+records", "data.records", "contradicts data.train_size")]
    public void Seed003_StepsPerEpoch_StillContradictsAnotherEpochLength(string other, string key, string message)
    {
        var data = other switch
        {
            "samples_per_epoch" => new EpochSizeConfig(StepsPerEpoch: 2000, SamplesPerEpoch: 4000),
            "epoch_time" => new EpochSizeConfig(StepsPerEpoch: 2000, EpochTime: new TimeValue(3600, TimeUnit.Seconds)),
            _ => new EpochSizeConfig(TrainSize: 806, StepsPerEpoch: 2000, Records: 806, SamplesPerRecord: 16),
        };
        var result = PlanBuilder.Build(new PlanConfig { Data = data, Batch = new(Size: 2), Duration = new(Epochs: TimeValue.Epochs(1), StepTime: new TimeValue(12, TimeUnit.Seconds)) });
        var error = Assert.Single(result.Errors);
        Assert.Equal(key, error.Key);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Seed001_MaxStepsNote_SaysTheStepsInWords()
    {
        var plan = Build(new PlanConfig
        {
            Data = new(TrainSize: 390_000),
            Batch = new(Size: 256),
            Duration = new(Epochs: TimeValue.Epochs(3), MaxSteps: TimeValue.Steps(3_000_000)),
        });
        Assert.Contains("note: duration.max_steps = 3,000,000 steps overrides duration.epochs = 3 epochs (as in Hugging Face TrainingArguments)", plan.Warnings);
        Assert.Equal(3_000_000, plan.TotalSteps.Value);
    }

    [Theory]
    [InlineData(1500, 3000, "0.75")] // seed 003 option 3: 1,500 steps × batch 2 = 3,000 samples
    [InlineData(2000, 4000, "1")]    // option 1: 4,000 samples, ~100 % of ~4,000 unique patches
    [InlineData(3000, 6000, "1.5")]  // option 2: 6,000 samples
    public void Seed003_Options_SamplesPerEpochAndCoverage(long steps, long samples, string coverage)
    {
        var plan = Build(new PlanConfig
        {
            Data = new(StepsPerEpoch: steps, UniqueSamples: 4000),
            Batch = new(Size: 2),
            Duration = new(Epochs: TimeValue.Epochs(32), StepTime: new TimeValue(12, TimeUnit.Seconds)),
        });
        Assert.Equal(samples, plan.Geometry!.SamplesPerEpoch);
        Assert.Equal(decimal.Parse(coverage, System.Globalization.CultureInfo.InvariantCulture), plan.Coverage);
        Assert.Equal(32 * steps, plan.TotalSteps.Value);
        Assert.Equal(steps * 12m, plan.Estimates().EpochSeconds);
        // 32 epochs at 12 s per step: option 1 takes 768,000 s = 8.9 days (the seed's "~9-10 days"), option 2 13.3 days.
        Assert.Equal(32m * steps * 12m, plan.Estimates().TotalSeconds);
    }

    [Fact]
    public void Seed003_LowCoverageAndLongEpoch_AreWarned()
    {
        var plan = Build(new PlanConfig
        {
            Data = new(StepsPerEpoch: 6448, UniqueSamples: 40_000),
            Batch = new(Size: 2),
            Duration = new(Epochs: TimeValue.Epochs(1), StepTime: new TimeValue(12, TimeUnit.Seconds)),
        });
        Assert.Contains(plan.Warnings, w => w.Contains("coverage", StringComparison.Ordinal));
        Assert.Contains(plan.Warnings, w => w.Contains("over 12 h", StringComparison.Ordinal));
    }

    [Fact]
    public void Seed004_Example1_TwentyFirstEpochCheckpoints_LogBase2()
    {
        var plan = Build(new PlanConfig
        {
            Checkpoints = new(FirstEpoch: 20, Spacing: Spacing.Log, LogBase: 2m, MinInterval: TimeValue.Steps(0)),
        }, total: 1000, epochs: 3);
        Assert.Equal(new long[] { 333, 666, 1000 }, plan.Epochs.Ends().Select(s => s.Value));
        var byEpoch = PlanJson.ByEpoch(plan).Select(g => g.Select(s => s.Value).ToArray()).ToArray();
        Assert.Equal(new long[] { 0, 17, 35, 52, 70, 87, 105, 122, 140, 157, 175, 192, 210, 227, 245, 262, 280, 297, 315, 333 }, byEpoch[0]);
        Assert.Equal(new long[] { 334, 336, 340, 348, 364, 396, 460, 588, 666 }, byEpoch[1]);
        Assert.Equal(new long[] { 667, 669, 673, 681, 697, 729, 793, 921, 1000 }, byEpoch[2]);
    }

    [Fact]
    public void Seed004_Example2_FiveFirstEpochCheckpoints_Linear50()
    {
        var plan = Build(new PlanConfig
        {
            Checkpoints = new(FirstEpoch: 5, Spacing: Spacing.Linear, LinearInterval: TimeValue.Steps(50)),
        }, total: 1000, epochs: 3);
        var byEpoch = PlanJson.ByEpoch(plan).Select(g => g.Select(s => s.Value).ToArray()).ToArray();
        Assert.Equal(new long[] { 0, 83, 166, 249, 333 }, byEpoch[0]);
        Assert.Equal(new long[] { 334, 384, 434, 484, 534, 584, 634, 666 }, byEpoch[1]);
        Assert.Equal(new long[] { 667, 717, 767, 817, 867, 917, 967, 1000 }, byEpoch[2]);
    }

    [Fact]
    public void Seed004_StatedDefaultMinInterval100_WouldContradictItsExamples()
    {
        // With min_interval 100 (the seed's table default) example 1's epoch 1 thins to steps ≥ 100 apart.
        var plan = Build(new PlanConfig
        {
            Checkpoints = new(FirstEpoch: 20, Spacing: Spacing.Log, MinInterval: TimeValue.Steps(100)),
        }, total: 1000, epochs: 3);
        var first = PlanJson.ByEpoch(plan).First().Select(s => s.Value).ToArray();
        Assert.Equal(new long[] { 0, 105, 210, 333 }, first);
        Assert.NotEqual(20, first.Length);
    }

    [Fact]
    public void Seed004_ProseFormulaStartPlusBasePowI_ContradictsItsExamples_TheExamplesWin()
    {
        // The prose says step = start + base^i (i = 0, 1, 2, …); from epoch 2's start 334 that gives 335, 336, 338, 342, …
        // The seed's own example 1 lists 334, 336, 340, 348, …: c₀ = start, then gaps base¹, base², … (our rule).
        var plan = Build(new PlanConfig { Checkpoints = new(FirstEpoch: 20, Spacing: Spacing.Log) }, total: 1000, epochs: 3);
        long[] epoch2 = PlanJson.ByEpoch(plan).ElementAt(1).Select(s => s.Value).ToArray();
        long[] prose = Enumerable.Range(0, 9).Select(i => 334 + (1L << i)).Where(s => s <= 666).ToArray();
        Assert.Equal(new long[] { 335, 336, 338, 342, 350, 366, 398, 462, 590 }, prose);
        Assert.Equal(new long[] { 334, 336, 340, 348, 364, 396, 460, 588, 666 }, epoch2);
        Assert.NotEqual(prose, epoch2.Where(s => s != 666));
    }

    [Fact]
    public void Seed004_RealLogBase_RoundsGapsHalfToEven()
    {
        // log_base 2.5 over epoch 2 (334..666): gaps round(2.5) = 2 (half to even), round(6.25) = 6, round(15.625) = 16,
        // round(39.0625) = 39, round(97.65625) = 98, round(244.140625) = 244 → 334, 336, 342, 358, 397, 495 (+244 = 739 > 666).
        var plan = Build(new PlanConfig { Checkpoints = new(FirstEpoch: 2, Spacing: Spacing.Log, LogBase: 2.5m) }, total: 1000, epochs: 3);
        Assert.Equal(new long[] { 334, 336, 342, 358, 397, 495, 666 }, PlanJson.ByEpoch(plan).ElementAt(1).Select(s => s.Value));
    }

    [Fact]
    public void Seed004_LinearDefaultInterval_IsAtLeastOne_AndEpochLengthOverTen()
    {
        // Epoch 2 spans 334..666: len = 333, I = floor(333/10) = 33 → 334, 367, …, 664, then the end 666.
        var plan = Build(new PlanConfig { Checkpoints = new(FirstEpoch: 0, Spacing: Spacing.Linear) }, total: 1000, epochs: 3);
        var groups = PlanJson.ByEpoch(plan).Select(g => g.Select(s => s.Value).ToArray()).ToArray();
        Assert.Equal(new long[] { 333 }, groups[0]); // n = 0: only the epoch end
        Assert.Equal(Enumerable.Range(0, 11).Select(i => 334L + 33 * i).Append(666), groups[1]);
        // Tiny epochs: 10 steps over 5 epochs → len 2, I = max(1, 0) = 1: every state of the epoch.
        var tiny = Build(new PlanConfig { Checkpoints = new(FirstEpoch: 1, Spacing: Spacing.Linear) }, total: 10, epochs: 5);
        Assert.Equal(Enumerable.Range(2, 9).Select(i => (long)i), Steps(tiny.Checkpoints));
    }

    [Fact]
    public void EvalSchedule_SameAlgebraAsCheckpoints_DenseThenSparseAndLogSpaced()
    {
        var dense = Build(new PlanConfig
        {
            Data = new(TrainSize: 390_000),
            Batch = new(Size: 256),
            Duration = new(MaxSteps: TimeValue.Steps(3_000_000)),
            Eval = new(Every: TimeValue.Steps(50_000), DenseUntil: TimeValue.Steps(30_000), DenseEvery: TimeValue.Steps(5_000)),
        });
        Assert.Equal(66, dense.Evaluations.Count()); // seed 001's checkpoint numbers, as an evaluation schedule
        Assert.Equal(Steps(new DenseThenSparseSchedule(5_000, 30_000, 50_000, new Step(3_000_000))), Steps(dense.Evaluations));
        var log = Build(new PlanConfig
        {
            Data = new(StepsPerEpoch: 143_000),
            Batch = new(Size: 1024),
            Duration = new(MaxSteps: TimeValue.Steps(143_000)),
            Eval = new(Every: TimeValue.Steps(1000), LogSpaced: true),
        });
        Assert.Equal(154, log.Evaluations.Count());
    }

    [Fact]
    public void Pythia_154Checkpoints()
    {
        var plan = Build(new PlanConfig
        {
            Data = new(StepsPerEpoch: 143_000),
            Batch = new(Size: 1024),
            Duration = new(MaxSteps: TimeValue.Steps(143_000)),
            Checkpoints = new(Every: TimeValue.Steps(1000), LogSpaced: true),
        });
        long[] ck = Steps(plan.Checkpoints);
        Assert.Equal(154, ck.Length);
        Assert.Equal(new long[] { 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1000, 2000 }, ck.Take(13));
        Assert.Equal(143_000, ck[^1]);
    }

    [Fact]
    public void TokenBudget_CeilOfTokensOverGlobalBatchTimesSeqLen()
    {
        // OLMo-2 7B warmup: 8,388,608,000 tokens at 1024 × 4096 = 2,000 steps.
        var plan = Build(new PlanConfig
        {
            Data = new(StepsPerEpoch: 1_000_000),
            Batch = new(Size: 1024),
            Duration = new(Tokens: new TimeValue(8_388_608_000, TimeUnit.Tokens), SeqLen: 4096),
        });
        Assert.Equal(2000, plan.TotalSteps.Value);
        var plus = Build(new PlanConfig
        {
            Data = new(StepsPerEpoch: 1_000_000),
            Batch = new(Size: 1024),
            Duration = new(Tokens: new TimeValue(8_388_608_001, TimeUnit.Tokens), SeqLen: 4096),
        });
        Assert.Equal(2001, plus.TotalSteps.Value);
    }

    [Fact]
    public void FractionalEpochs_CeilOfEpochsTimesU_LastEpochPartial()
    {
        var plan = Build(new PlanConfig
        {
            Data = new(TrainSize: 1000),
            Batch = new(Size: 16),
            Duration = new(Epochs: TimeValue.Epochs(2.5m)),
            Checkpoints = new(EpochEnds: true),
        });
        Assert.Equal(158, plan.TotalSteps.Value); // ceil(2.5 × 63) = ceil(157.5)
        Assert.Equal(new long[] { 63, 126, 158 }, plan.Epochs.Ends().Select(s => s.Value));
        Assert.Equal(new long[] { 63, 126, 158 }, Steps(plan.Checkpoints));
    }

    [Fact]
    public void GradientAccumulation_PartialWindowIsStepped()
    {
        // HF: 17 batches, G = 2 → ceil(17/2) = 9 updates per epoch (issue #35298's old floor gave 8).
        var plan = Build(new PlanConfig
        {
            Data = new(TrainSize: 17),
            Batch = new(Size: 1, GradAccum: 2),
            Duration = new(Epochs: TimeValue.Epochs(1)),
        });
        Assert.Equal(9, plan.StepsPerEpoch);
    }

    [Fact]
    public void SaveFinal_AddsTWithoutDuplicate_AndCanBeTurnedOff()
    {
        var on = Build(new PlanConfig
        {
            Data = new(TrainSize: 100), Batch = new(Size: 10), Duration = new(Epochs: TimeValue.Epochs(2)),
            Checkpoints = new(Every: TimeValue.Steps(5)),
        });
        Assert.Equal(new long[] { 5, 10, 15, 20 }, Steps(on.Checkpoints));
        var off = Build(new PlanConfig
        {
            Data = new(TrainSize: 100), Batch = new(Size: 10), Duration = new(Epochs: TimeValue.Epochs(2)),
            Checkpoints = new(Every: TimeValue.Steps(7), SaveFinal: false),
        });
        Assert.Equal(new long[] { 7, 14 }, Steps(off.Checkpoints));
    }

    [Fact]
    public void IntervalsInEpochsAndDur_ConvertThroughTheGeometry()
    {
        var plan = Build(new PlanConfig
        {
            Data = new(TrainSize: 1000), Batch = new(Size: 16), Duration = new(Epochs: TimeValue.Epochs(10)),
            Checkpoints = new(Every: TimeValue.Epochs(2), SaveFinal: false),
            Eval = new(Every: new TimeValue(0.25m, TimeUnit.Duration), Final: false),
        });
        Assert.Equal(new long[] { 126, 252, 378, 504, 630 }, Steps(plan.Checkpoints));
        Assert.Equal(new long[] { 158, 316, 474, 632 }.Where(s => s <= 630), Steps(plan.Evaluations)); // ceil(0.25 × 630) = 158
    }
}
