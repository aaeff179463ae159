using Stepwise.Analysis.Dynamics.Cartography;
using Stepwise.Config;
using Stepwise.Training.Loop;
using Stepwise.Training.Models;
using Stepwise.Training.Setup;

namespace Stepwise.Analysis.Tests.Dynamics;

[Collection(nameof(KnnThreadsCollection))]
public class CartographyTests
{
    private static CartographyEntry E(long update, long row, double p, float correct) => new(update, row, (float)-Math.Log(p), correct);

    [Fact]
    public void Map_HandWorked_ConfidenceVariabilityCorrectnessForgetting()
    {
        // 2 updates per epoch, 3 epochs; row 0 read once per epoch with p = 0.9, 0.5, 0.7 and correct 1, 0, 1:
        // μ = 0.7, σ = √((0.04 + 0.04 + 0)/3), correctness 2/3, one forgetting event (1 → 0)
        var entries = new List<CartographyEntry>
        {
            E(0, 0, 0.9, 1), E(1, 1, 0.1, 0), E(2, 1, 0.1, 0), E(3, 0, 0.5, 0), E(4, 0, 0.7, 1), E(5, 1, 0.2, 0),
        };
        var map = CartographySummary.Of(entries, 2);
        Assert.Equal(3, map.Epochs);
        var r0 = map.Rows[0];
        Assert.Equal(0.7, r0.Confidence, 6);
        Assert.Equal(Math.Sqrt(0.08 / 3), r0.Variability, 6);
        Assert.Equal(2.0 / 3, r0.Correctness, 12);
        Assert.Equal(1, r0.ForgettingEvents);
        Assert.False(r0.NeverLearned);
        Assert.Equal("easy", r0.Region);
        var r1 = map.Rows[1];
        Assert.Equal((0.1 + 0.1 + 0.2) / 3, r1.Confidence, 6);
        Assert.True(r1.NeverLearned);
        Assert.Equal("hard", r1.Region);
        Assert.Equal(0, map.MissingUpdates);
    }

    [Fact]
    public void Map_HighVariability_IsAmbiguous_AndAPartialEpochIsLeftOut()
    {
        // p = 0.1 then 0.9: σ = 0.4 ≥ 0.2; the record of update 4 (epoch 3, incomplete) is not in the map
        var map = CartographySummary.Of([E(0, 0, 0.1, 0), E(2, 0, 0.9, 1), E(4, 0, 0.01, 0)], 2);
        Assert.Equal(2, map.Epochs);
        Assert.Equal(0.5, map.Rows[0].Confidence, 6);
        Assert.Equal(0.4, map.Rows[0].Variability, 6);
        Assert.Equal("ambiguous", map.Rows[0].Region);
        Assert.Equal(3, map.Rows[0].Presentations);
        Assert.Equal(1, map.Rows[0].ForgettingEvents);
        Assert.Equal(2, map.MissingUpdates); // updates 1 and 3 have no record
    }

    private const string Config = """
        seed: 3
        threads: 1
        data: { source: blobs, n: 60, features: 2, classes: 3, splits: { val: 0.2 } }
        model: { kind: logreg }
        optimizer: { kind: sgd, lr: 0.5 }
        batch: { size: 8 }
        duration: { epochs: 4 }
        checkpoints: { every: 5 }
        dynamics: { record: true }
        """;

    private sealed class StopAt(StopSignal stop, long at) : ITrainObserver
    {
        public void Started(long step, long total, string runDirectory) { }
        public void Step(long step, long epoch, double loss, double lr) { if (step == at) stop.Request("test stop"); }
        public void Evaluated(long step, IReadOnlyList<EvalMetrics> metrics) { }
        public void Saved(long step, string path, double seconds) { }
        public void Message(string line) { }
    }

    private static TrainOutcome Train(string dir, ResumeMode resume, long stopAt = -1)
    {
        var (setup, errors) = RunSetup.Create(YamlConfigReader.ReadText(Config, "c.yaml").Value, Path.GetTempPath());
        Assert.True(setup is not null, string.Join("; ", errors));
        var stop = new StopSignal();
        var hooks = CartographyHook.For(setup!, dir);
        Assert.Single(hooks);
        var outcome = new Trainer(setup!, new TrainerOptions { RunDirectory = dir, Resume = resume, Stop = stop, Observer = new StopAt(stop, stopAt), Hooks = hooks }).Run();
        ((IDisposable)hooks[0]).Dispose();
        return outcome;
    }

    [Fact]
    public void TrainRecording_ResumedMidEpoch_EqualsAnUninterruptedLog_AndCoversEveryRowEachEpoch()
    {
        string root = TestPaths.Temp();
        try
        {
            string a = Path.Combine(root, "a"), b = Path.Combine(root, "b");
            Assert.Equal(TrainOutcome.Completed, Train(a, ResumeMode.None));
            Assert.Equal(TrainOutcome.Stopped, Train(b, ResumeMode.None, stopAt: 7));
            Assert.Equal(TrainOutcome.Completed, Train(b, ResumeMode.Auto));
            Assert.Equal(File.ReadAllBytes(CartographyLog.PathOf(a)), File.ReadAllBytes(CartographyLog.PathOf(b)));
            var map = CartographySummary.Read(a);
            Assert.Equal(4, map.Epochs);
            Assert.Equal(48, map.Rows.Count); // 60 blobs − 12 val
            Assert.All(map.Rows, r => Assert.Equal(4, r.Presentations));
            Assert.Equal(0, map.MissingUpdates);
            Assert.All(map.Rows, r => Assert.Contains(r.Region, new[] { "easy", "ambiguous", "hard" }));
            Assert.StartsWith("row,confidence,variability", map.Csv(), StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }
}
