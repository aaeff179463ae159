using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Stepwise.Analysis.Dynamics;

namespace Stepwise.Analysis.Tests.Dynamics;

/// <summary>results.json read back: what the reader returns writes the same bytes again, for any measurements
/// (undefined statistics, NaN scores and stopped runs included); another file is refused with a one-line message.</summary>
public class ResultsJsonReaderTests
{
    /// <summary>Passages of 70 bytes separated by blank lines, every fifth one too short (skipped, listed).</summary>
    private static PassageSelection Passages(int count)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < 3 * count; i++)
        {
            sb.Append(i % 5 == 2 ? "A short line." : new string((char)('a' + i % 26), 70)).Append("\n\n");
        }
        var selected = PassageSelection.Select(sb.ToString(), "passages.txt", null, null, count, 65, 64);
        Assert.True(selected.Success, selected.Error);
        return selected.Value;
    }

    private static ExperimentInfo Info(PassageSelection passages, IReadOnlyList<long> schedule) => new()
    {
        Text = ("passages.txt", new string('0', 64)),
        Settings = new DynamicsSettings { Schedule = schedule, NumPassages = passages.Trained.Count, K = 3 },
        Steps = [.. schedule.Select(e => e * 2)],
        StepsPerEpoch = 2,
        TotalSteps = schedule[^1] * 2,
        BatchSize = 3,
        Optimizer = ("adamw", 0.01, 0.0),
        LrSchedule = ("linear", 4),
        Model = (2, 2, 16, 64, 256),
        InitFrom = "pretrain/checkpoint_step_10",
        Seed = 18_446_744_073_709_551_615UL,
        Passages = passages,
    };

    /// <summary>Measurements of every passage at each epoch: random scores, some NaN (an undefined compression) or
    /// constant (undefined correlations), memorization that grows with the epoch.</summary>
    private static List<EpochMeasurement> Measurements(PassageSelection passages, IReadOnlyList<long> schedule, int transitions, int seed)
    {
        var rng = new Random(seed);
        bool constant = seed % 3 == 0, nan = seed % 4 == 1;
        return [.. schedule.Select((epoch, e) => new EpochMeasurement(epoch, epoch * 2, [.. passages.All.Select(p =>
        {
            double accuracy = p.Trained ? Math.Min(1, rng.NextDouble() * (e + 1) / schedule.Count + 0.2) : rng.NextDouble() * 0.3;
            double[] c = [.. Enumerable.Range(0, transitions).Select(l => constant ? 1.5 : nan && l == 0 && e == 0 ? double.NaN : rng.NextDouble() * 10 - 2)];
            double[] s = [.. Enumerable.Range(0, transitions).Select(l => constant ? -0.25 : rng.NextDouble() - 0.5)];
            double loss = rng.NextDouble() * 4;
            return new PassageMeasurement(p.Index, p.Trained, p.Length, accuracy, accuracy >= 0.6, [accuracy, accuracy / 2, 1.0 / 3], accuracy * 0.9,
                accuracy >= 0.95, loss, Math.Exp(loss), c, s);
        })], "2026-01-01T00:00:00Z"))];
    }

    [Fact]
    public void Read_ThenWrite_GivesTheSameBytes_ForAnyMeasurements()
    {
        var cases = from seed in Gen.Choose(0, 10_000)
                    from epochs in Gen.Choose(1, 6)
                    from transitions in Gen.Choose(1, 3)
                    from count in Gen.Choose(2, 6)
                    select (seed, epochs, transitions, count);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var passages = Passages(c.count);
            IReadOnlyList<long> schedule = [.. new long[] { 1, 3, 5, 10, 20, 30 }.Take(c.epochs)];
            var info = Info(passages, schedule);
            var report = DynamicsAnalysis.Analyze(Measurements(passages, schedule, c.transitions, c.seed));
            byte[] bytes = ResultsJson.Write(info, report);
            var read = ResultsJsonReader.Parse(bytes);
            Assert.Equal(bytes, ResultsJson.Write(info, read.Report));
            Assert.Equal(c.transitions, read.Report.Transitions);
            Assert.Equal(report.Epochs.Count, read.Report.Epochs.Count);
            Assert.Equal("", read.Report.Epochs[0].Timestamp); // results.json holds no clock value
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Read_GivesTheParametersAndPassagesAsWritten()
    {
        var passages = Passages(4);
        IReadOnlyList<long> schedule = [1, 5, 20];
        var info = Info(passages, schedule);
        var read = ResultsJsonReader.Parse(ResultsJson.Write(info, DynamicsAnalysis.Analyze(Measurements(passages, schedule, 2, 7))));
        var p = read.Parameters;
        Assert.Equal(Stepwise.Analysis.AnalysisAssembly.SchemaVersion, read.SchemaVersion);
        Assert.Equal(("passages.txt", new string('0', 64), (string?)null), (p.Text, p.TextSha256, p.NovelText));
        Assert.Equal(schedule, p.EpochSchedule);
        Assert.Equal([2L, 10, 40], p.Steps);
        Assert.Equal((4, false, 2L, 40L, 3L), (p.NumPassages, p.QuickTest, p.StepsPerEpoch, p.TotalSteps, p.BatchSize));
        Assert.Equal(("adamw", 0.01, 0.0, "linear", 4L), (p.Optimizer, p.LearningRate, p.WeightDecay, p.LrSchedule, p.WarmupSteps));
        Assert.Equal(18_446_744_073_709_551_615UL, p.Seed); // a 64-bit seed, never through a double
        Assert.Equal((2, 2, 16, 64, 256, "pretrain/checkpoint_step_10"), (p.Layers, p.Heads, p.Width, p.Context, p.Vocab, p.InitFrom));
        Assert.Equal((3, 32, 32, 0.6, 65, 64), (p.KNeighbors, p.PromptTokens, p.TargetTokens, p.MemorizedThreshold, p.MaxTokens, p.MinTokens));
        Assert.Equal([5, 10, 20], p.PrefixLengths);
        Assert.Equal((1e-10, 0.05, 0.05), (p.Epsilon, p.Fdr, p.Alpha));
        Assert.Equal(passages.Trained.Select(x => x.Index), read.Trained);
        Assert.Equal(passages.Novel.Select(x => x.Index), read.Novel);
        Assert.Equal(passages.Skipped, read.Skipped);
        Assert.NotEmpty(read.Skipped);
    }

    [Theory]
    [InlineData("{\"kind\": \"stepwise.prune\", \"schema_version\": 1}", "results.json is not a stepwise dynamics result")]
    [InlineData("{\"kind\": \"stepwise.dynamics\", \"schema_version\": 2}", "results.json: schema_version 2; this build reads 1")]
    [InlineData("{\"kind\": \"stepwise.dynamics\", \"schema_version\": 1}", "results.json: not this build's results.json (no \"passages\")")]
    [InlineData("{\"kind\": \"stepwise.dynamics\", \"schema", "results.json is not valid JSON")]
    [InlineData("[]", "results.json is not a stepwise dynamics result")]
    public void Parse_AnotherFile_IsAOneLineFormatError(string json, string expected)
    {
        var e = Assert.Throws<FormatException>(() => ResultsJsonReader.Parse(Encoding.UTF8.GetBytes(json)));
        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }
}
