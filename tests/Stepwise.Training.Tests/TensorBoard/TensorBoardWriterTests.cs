using Stepwise.Training.TensorBoard;
using Stepwise.Training.TensorBoard.Proto;

namespace Stepwise.Training.Tests.TensorBoard;

public class TensorBoardWriterTests
{
    private const double T0 = 1_700_000_000.25;

    [Fact]
    public void Scalars_round_trip_and_every_record_carries_two_valid_crcs()
    {
        using var run = new TensorBoardTestFolder();
        var written = new List<(string Tag, long Step, double Value, double Wall)>();
        using (var w = TensorBoardWriter.Open(run.Path, null, T0, "host-a"))
        {
            for (long s = 1; s <= 50; s++)
            {
                double wall = T0 + s * 0.5;
                double loss = 3.0 / s, lr = 1e-3 * s / 50;
                w.Scalar(TensorBoardTags.TrainLoss, new Step(s), loss, wall);
                w.Scalar(TensorBoardTags.LearningRate, new Step(s), lr, wall);
                written.Add((TensorBoardTags.TrainLoss, s, loss, wall));
                written.Add((TensorBoardTags.LearningRate, s, lr, wall));
                if (s % 10 == 0)
                {
                    w.Scalar("eval/val_loss", new Step(s), Math.PI / s, wall);
                    written.Add(("eval/val_loss", s, Math.PI / s, wall));
                    w.Flush();
                }
            }
            w.Scalar("eval/accuracy", new Step(50), double.NaN, T0 + 99);
            written.Add(("eval/accuracy", 50, double.NaN, T0 + 99));
            w.Scalar(TensorBoardTags.GradNorm, new Step(50), 0.0, T0 + 99); // a zero is written, not left out
            written.Add((TensorBoardTags.GradNorm, 50, 0.0, T0 + 99));
        }

        string file = Assert.Single(TensorBoardEventFiles.List(run.Path));
        var records = RawRecords.Split(File.ReadAllBytes(file));
        Assert.Equal(written.Count + 1, records.Count);
        var events = records.Select(r => Event.Parser.ParseFrom(r.Data)).ToList();
        Assert.Equal(Event.WhatOneofCase.FileVersion, events[0].WhatCase);
        Assert.Equal("brain.Event:2", events[0].FileVersion);
        Assert.Equal(T0, events[0].WallTime);
        for (int i = 0; i < written.Count; i++)
        {
            var e = events[i + 1];
            Assert.Equal(Event.WhatOneofCase.Summary, e.WhatCase);
            var v = Assert.Single(e.Summary.Value);
            Assert.True(v.HasSimpleValue);
            Assert.Equal(written[i].Tag, v.Tag);
            Assert.Equal(written[i].Step, e.Step);
            Assert.Equal((float)written[i].Value, v.SimpleValue);
            Assert.Equal(written[i].Wall, e.WallTime);
        }

        var scalars = TensorBoardEventFiles.ReadScalars(file);
        Assert.Equal(written.Select(x => new TensorBoardScalar(x.Tag, new Step(x.Step), (float)x.Value, x.Wall)), scalars);
    }

    [Fact]
    public void The_file_is_named_after_the_seconds_and_the_host_and_a_taken_name_gets_a_suffix()
    {
        using var run = new TensorBoardTestFolder();
        string first, second;
        using (var w = TensorBoardWriter.Open(run.Path, null, 1234.9, "node 7/gpu"))
        {
            first = w.FilePath;
        }
        Assert.Equal(Path.Combine(run.Path, "tb", "events.out.tfevents.0000001234.node_7_gpu"), first);
        using (var w = TensorBoardWriter.Open(run.Path, Step.Zero, 1234.1, "node 7/gpu"))
        {
            second = w.FilePath;
        }
        Assert.Equal(first + ".1", second);
        Assert.Equal([first, second], TensorBoardEventFiles.List(run.Path));
    }

    [Fact]
    public void Flushed_events_are_in_the_file_while_the_writer_is_open()
    {
        using var run = new TensorBoardTestFolder();
        using var w = TensorBoardWriter.Open(run.Path, null, T0, "h");
        Assert.Empty(TensorBoardEventFiles.ReadScalars(w.FilePath)); // only file_version, already on disk
        w.Scalar("train/loss", new Step(3), 0.5, T0 + 1);
        w.Flush();
        var s = Assert.Single(TensorBoardEventFiles.ReadScalars(w.FilePath));
        Assert.Equal(new TensorBoardScalar("train/loss", new Step(3), 0.5f, T0 + 1), s);
    }

    [Fact]
    public void A_new_run_refuses_a_folder_that_already_holds_event_files()
    {
        using var run = new TensorBoardTestFolder();
        using (TensorBoardWriter.Open(run.Path, null, T0, "h")) { }
        var e = Assert.Throws<InvalidOperationException>(() => TensorBoardWriter.Open(run.Path, null, T0 + 5, "h"));
        Assert.Contains("already holds 1 TensorBoard event file", e.Message);
        Assert.Single(TensorBoardEventFiles.List(run.Path));
    }

    [Fact]
    public void Log_tags_a_hugging_face_row_as_the_tensorboard_callback_does()
    {
        using var run = new TensorBoardTestFolder();
        using (var w = TensorBoardWriter.Open(run.Path, null, T0, "h"))
        {
            w.Log(new Step(20), [new("loss", 1.5), new("learning_rate", 0.001), new("epoch", 0.25)], T0 + 1);
            w.Log(new Step(20), [new("eval_loss", 1.25), new("eval_val_accuracy", 0.5), new("test_loss", 2.0)], T0 + 2);
        }
        var tags = TensorBoardEventFiles.ReadRun(run.Path).Select(s => (s.Tag, s.Step.Value, s.Value)).ToList();
        Assert.Equal(
            [("train/loss", 20L, 1.5f), ("train/learning_rate", 20L, 0.001f), ("train/epoch", 20L, 0.25f),
             ("eval/loss", 20L, 1.25f), ("eval/val_accuracy", 20L, 0.5f), ("test/loss", 20L, 2.0f)],
            tags);
    }

    [Theory]
    [InlineData("loss", "train/loss")]
    [InlineData("learning_rate", "train/learning_rate")]
    [InlineData("grad_norm", "train/grad_norm")]
    [InlineData("eval_loss", "eval/loss")]
    [InlineData("eval_val_loss", "eval/val_loss")]
    [InlineData("test_accuracy", "test/accuracy")]
    [InlineData("train_samples_per_second", "train/train_samples_per_second")]
    [InlineData("evaluation", "train/evaluation")]
    public void FromHfLogKey_follows_rewrite_logs(string key, string tag) => Assert.Equal(tag, TensorBoardTags.FromHfLogKey(key));

    [Fact]
    public void A_scalar_allocates_nothing()
    {
        using var run = new TensorBoardTestFolder();
        using var w = TensorBoardWriter.Open(run.Path, null, T0, "h");
        for (int i = 0; i < 100; i++) w.Scalar(TensorBoardTags.TrainLoss, new Step(i), i, T0 + i); // warm up
        w.Flush();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 100; i < 20_100; i++) w.Scalar(TensorBoardTags.TrainLoss, new Step(i), 1.0 / i, T0 + i);
        w.Flush();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // 20,000 scalars of ~40 bytes each pass through the 64 KiB buffer about a dozen times
        Assert.True(allocated < 4096, $"{allocated} bytes allocated for 20,000 scalars");
    }

    [Fact]
    public void Writing_after_dispose_throws()
    {
        using var run = new TensorBoardTestFolder();
        var w = TensorBoardWriter.Open(run.Path, null, T0, "h");
        w.Dispose();
        Assert.Throws<ObjectDisposedException>(() => w.Scalar("train/loss", Step.Zero, 1, T0));
        w.Dispose(); // twice is fine
    }
}
