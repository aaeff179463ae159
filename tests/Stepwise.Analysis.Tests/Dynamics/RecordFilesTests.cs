using Stepwise.Analysis.Dynamics;
using Stepwise.Training.Checkpoints;

namespace Stepwise.Analysis.Tests.Dynamics;

public class RecordFilesTests
{
    [Fact]
    public void EpochRecord_RoundTripsEveryDoubleExactly_AndAnotherKeyIsNotReused()
    {
        string dir = TestPaths.Temp();
        try
        {
            var p = new PassageMeasurement(7, true, 99, 1.0 / 3, false, [0.2, Math.PI, 1e-300], 0.15625, false, Math.E, Math.Exp(Math.E), [-1.25e-7, 3.3], [0.1 + 0.2, -5]);
            var m = new EpochMeasurement(5, 125, [p, p with { Index = 9, Trained = false }], "2026-01-01T00:00:00Z");
            EpochRecordFile.Write(dir, m, "key-a");
            var back = EpochRecordFile.Read(dir, 5, "key-a")!;
            Assert.Equal(m.Epoch, back.Epoch);
            Assert.Equal(m.Step, back.Step);
            Assert.Equal(m.Timestamp, back.Timestamp);
            var q = back.Passages[0];
            Assert.Equal((p.Index, p.Trained, p.Tokens, p.Accuracy, p.Memorized, p.AccuracyFixed, p.Exact, p.Loss, p.Perplexity),
                (q.Index, q.Trained, q.Tokens, q.Accuracy, q.Memorized, q.AccuracyFixed, q.Exact, q.Loss, q.Perplexity));
            Assert.Equal(p.PrefixAccuracy, q.PrefixAccuracy);
            Assert.Equal(p.Compression, q.Compression);
            Assert.Equal(p.CompressionScaleFree, q.CompressionScaleFree);
            Assert.Equal((9, false), (back.Passages[1].Index, back.Passages[1].Trained));
            Assert.Null(EpochRecordFile.Read(dir, 5, "key-b"));
            Assert.Null(EpochRecordFile.Read(dir, 6, "key-a"));
            EpochRecordFile.RemoveAfter(dir, [(5, 125), (6, 150)], 124);
            Assert.False(File.Exists(EpochRecordFile.PathOf(dir, 5)));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void HiddenStates_AreSafetensorsWithOneTensorPerLayer_AndThePassageMaps()
    {
        string dir = TestPaths.Temp();
        try
        {
            float[] l0 = [1, 2, 3, 4, 5, 6], l1 = [6, 5, 4, 3, 2, 1];
            var states = new LayerStates([l0, l1], 2, [0, 0, 1], [1, 0], [4, 11]);
            HiddenStatesFile.Write(dir, 3, states);
            var file = SafeTensors.Read(File.ReadAllBytes(HiddenStatesFile.PathOf(dir, 3)));
            Assert.Equal([3L, 2], file["layer_0"].Shape);
            Assert.Equal(l1, file.ReadF32("layer_1"));
            Assert.Equal([0, 0, 1], file.ReadI32("passage"));
            Assert.Equal([1, 0], file.ReadU8("trained"));
            Assert.Equal([4, 11], file.ReadI32("source_index"));
            Assert.Equal("3", file.Metadata["epoch"]);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
