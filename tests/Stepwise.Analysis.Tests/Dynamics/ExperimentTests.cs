using System.Text.Json;
using Stepwise.Analysis.Dynamics;
using Stepwise.Config;
using Stepwise.Training;
using Stepwise.Training.Loop;
using Stepwise.Training.Models;

namespace Stepwise.Analysis.Tests.Dynamics;

/// <summary>The experiment end to end on a tiny model: outputs, resume equality, refusals.</summary>
[Collection(nameof(KnnThreadsCollection))]
public class ExperimentTests
{
    private const string Config = """
        name: tiny-dynamics
        seed: 5
        threads: 2
        data: { context: 64 }
        model: { layers: 1, heads: 2, width: 16 }
        optimizer: { kind: adamw, lr: 0.01, weight_decay: 0.0 }
        lr_schedule: { kind: linear, warmup_steps: 2 }
        batch: { size: 2 }
        dynamics:
          epoch_schedule: [1, 2, 3, 5]
          num_passages: 6
          k: 5
        """;

    /// <summary>Requests a stop once state <see cref="At"/> is reached.</summary>
    private sealed class StopAt(StopSignal stop, long at) : ITrainObserver
    {
        public long At => at;
        public List<string> Lines { get; } = [];
        public void Started(long step, long total, string runDirectory) { }
        public void Step(long step, long epoch, double loss, double lr) { if (step == at) stop.Request("test stop"); }
        public void Evaluated(long step, IReadOnlyList<EvalMetrics> metrics) { }
        public void Saved(long step, string path, double seconds) { }
        public void Message(string line) => Lines.Add(line);
    }

    private static DynamicsExperiment Prepare(string yaml, string dir)
    {
        var root = YamlConfigReader.ReadText(yaml, "test.yaml").Value;
        var (experiment, errors) = DynamicsExperiment.Prepare(root, dir);
        Assert.True(experiment is not null, string.Join("; ", errors));
        return experiment!;
    }

    private static DynamicsOutcome Run(DynamicsExperiment e, string dir, ResumeMode? resume = null, long stopAt = -1)
    {
        var stop = new StopSignal();
        return e.Run(new DynamicsRequest { RunDirectory = dir, Resume = resume ?? ResumeMode.None, Stop = stop, Observer = new StopAt(stop, stopAt) });
    }

    private static string CsvWithoutTimestamps(string dir)
    {
        var lines = File.ReadAllLines(Path.Combine(dir, TrainingSummaryCsv.FileName));
        int column = Array.IndexOf(lines[0].Split(','), "timestamp");
        return string.Join("\n", lines.Select(l => string.Join(",", l.Split(',').Where((_, i) => i != column))));
    }

    [Fact]
    public void Run_WritesEveryOutput_AndResumesToTheSameResults()
    {
        string root = TestPaths.Temp();
        try
        {
            string a = Path.Combine(root, "a"), b = Path.Combine(root, "b");
            var e = Prepare(Config, root);
            var done = Run(e, a);
            Assert.Equal(TrainOutcome.Completed, done.Outcome);
            Assert.Equal(15, done.TotalSteps); // 6 passages / batch 2 = 3 updates per epoch, 5 epochs
            foreach (string f in new[] { ResultsJson.FileName, TrainingSummaryCsv.FileName, SummaryReport.FileName, DynamicsExperiment.PassagesFile })
                Assert.True(File.Exists(Path.Combine(a, f)), f);
            using (var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(a, ResultsJson.FileName))))
            {
                var r = doc.RootElement;
                Assert.Equal(AnalysisAssembly.SchemaVersion, r.GetProperty("schema_version").GetInt32());
                Assert.Equal([3L, 6, 9, 15], r.GetProperty("parameters").GetProperty("steps").EnumerateArray().Select(x => x.GetInt64()));
                var epochs = r.GetProperty("epochs").EnumerateArray().ToList();
                Assert.Equal([1L, 2, 3, 5], epochs.Select(x => x.GetProperty("epoch").GetInt64()));
                var passage = epochs[0].GetProperty("passages")[0];
                foreach (string key in new[] { "index", "trained", "tokens", "accuracy", "memorized", "exact", "accuracy_fixed", "perplexity", "compression", "compression_scale_free" })
                    Assert.True(passage.TryGetProperty(key, out _), key);
                Assert.Equal(1, passage.GetProperty("compression").GetArrayLength());
                Assert.Equal(12, epochs[0].GetProperty("passages").GetArrayLength());
                var trained = r.GetProperty("passages").GetProperty("trained").EnumerateArray().Select(x => x.GetInt32()).ToList();
                var skipped = r.GetProperty("passages").GetProperty("skipped").EnumerateArray().Select(x => x.GetProperty("index").GetInt32()).ToList();
                // the bundled text: the title and chapter lines are skipped, the indices are the text's
                Assert.Contains(0, skipped);
                Assert.DoesNotContain(0, trained);
                Assert.Equal(trained, epochs[0].GetProperty("passages").EnumerateArray().Where(x => x.GetProperty("trained").GetBoolean()).Select(x => x.GetProperty("index").GetInt32()));
                var analyses = r.GetProperty("analyses");
                foreach (string key in new[] { "trajectories", "membership", "memorized", "onset", "layer_pattern", "heatmap", "velocity", "best_layer" })
                    Assert.True(analyses.TryGetProperty(key, out _), key);
            }
            Assert.Equal(["epoch", "num_memorized", "memorization_rate"], File.ReadLines(Path.Combine(a, TrainingSummaryCsv.FileName)).First().Split(',').Take(3));

            // stopped at step 7 (inside epoch 3), then resumed: the same results, byte for byte
            var stopped = Run(e, b, stopAt: 7);
            Assert.Equal(TrainOutcome.Stopped, stopped.Outcome);
            Assert.Equal(7, stopped.Step);
            Assert.Equal(2, stopped.Report!.Epochs.Count);
            var resumed = Run(e, b, ResumeMode.Auto);
            Assert.Equal(TrainOutcome.Completed, resumed.Outcome);
            Assert.Equal(File.ReadAllBytes(Path.Combine(a, ResultsJson.FileName)), File.ReadAllBytes(Path.Combine(b, ResultsJson.FileName)));
            Assert.Equal(CsvWithoutTimestamps(a), CsvWithoutTimestamps(b));
            Assert.Equal(File.ReadAllText(Path.Combine(a, SummaryReport.FileName)), File.ReadAllText(Path.Combine(b, SummaryReport.FileName)));
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void ResumeFromEpoch_MeasuresTheLaterEpochsAgain_ToTheSameResults()
    {
        string root = TestPaths.Temp();
        try
        {
            string a = Path.Combine(root, "a");
            var e = Prepare(Config + "\n  save_checkpoints: true\n", root);
            Run(e, a);
            byte[] first = File.ReadAllBytes(Path.Combine(a, ResultsJson.FileName));
            File.Delete(EpochRecordFile.PathOf(a, 5));
            var again = Run(e, a, ResumeMode.FromEpochEnd(2));
            Assert.Equal(TrainOutcome.Completed, again.Outcome);
            Assert.Equal(first, File.ReadAllBytes(Path.Combine(a, ResultsJson.FileName)));
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void FreshStart_IntoAFolderHoldingARun_IsRefused_AndChangesNothing()
    {
        string root = TestPaths.Temp();
        try
        {
            string a = Path.Combine(root, "a");
            var e = Prepare(Config.Replace("[1, 2, 3, 5]", "[1]"), root);
            Run(e, a);
            var before = Directory.EnumerateFiles(a, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes);
            var ex = Assert.Throws<RunInputException>(() => Run(e, a));
            Assert.Contains("--resume auto", ex.Message, StringComparison.Ordinal);
            var after = Directory.EnumerateFiles(a, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes);
            Assert.Equal(before.Keys.Order(), after.Keys.Order());
            Assert.All(before, kv => Assert.Equal(kv.Value, after[kv.Key]));
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [InlineData("duration: { epochs: 3 }", "duration.epochs: stepwise dynamics sets it")]
    [InlineData("data: { context: 64, source: text }", "data.source: stepwise dynamics sets it")]
    [InlineData("data: { context: 16 }", "more than context + 1 = 17 tokens")]
    public void Prepare_ReservedOrImpossibleKeys_AreOneLineErrors(string replace, string expected)
    {
        string yaml = Config.Replace("data: { context: 64 }", replace.StartsWith("data", StringComparison.Ordinal) ? replace : "data: { context: 64 }\n" + replace);
        var (experiment, errors) = DynamicsExperiment.Prepare(YamlConfigReader.ReadText(yaml, "t.yaml").Value, Path.GetTempPath());
        Assert.Null(experiment);
        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Prepare_ScheduleNotIncreasing_NamesTheKey()
    {
        var (_, errors) = DynamicsExperiment.Prepare(YamlConfigReader.ReadText(Config.Replace("[1, 2, 3, 5]", "[1, 3, 3]"), "t.yaml").Value, Path.GetTempPath());
        Assert.Contains(errors, e => e.StartsWith("dynamics.epoch_schedule = [1, 3, 3]: must be strictly increasing", StringComparison.Ordinal));
    }
}
