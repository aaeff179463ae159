using Stepwise.Training.TensorBoard;
using Stepwise.Training.TensorBoard.Proto;

namespace Stepwise.Training.Tests.TensorBoard;

/// <summary>Resume: events after the checkpoint's step are removed before the new session writes, a torn last record
/// (a kill mid-write) or a damaged one is cut off, and the run read back has every (tag, step) once.</summary>
public class TensorBoardResumeTests
{
    private const double T0 = 1_700_000_000;

    /// <summary>A first session that logged steps 1..last (loss every step, eval every 10) and was flushed.</summary>
    private static string FirstSession(string run, long last)
    {
        using var w = TensorBoardWriter.Open(run, null, T0, "h");
        for (long s = 1; s <= last; s++)
        {
            w.Scalar(TensorBoardTags.TrainLoss, new Step(s), 1.0 / s, T0 + s);
            if (s % 10 == 0) w.Scalar("eval/loss", new Step(s), 2.0 / s, T0 + s);
        }
        return w.FilePath;
    }

    [Fact]
    public void Resume_removes_the_events_after_the_checkpoint_step_and_the_run_has_no_duplicates()
    {
        using var run = new TensorBoardTestFolder();
        string first = FirstSession(run.Path, 57); // killed after step 57, last checkpoint at 40
        byte[] before = File.ReadAllBytes(first);
        long cut = RawRecords.Split(before).First(r => Event.Parser.ParseFrom(r.Data).Step > 40).Offset;
        using (var w = TensorBoardWriter.Open(run.Path, new Step(40), T0 + 100, "h"))
        {
            // 17 losses (steps 41..57) and the eval at 50
            Assert.Equal([$"tb/{Path.GetFileName(first)}: removed 18 event(s) after step 40 ({before.Length - cut} bytes)"], w.Notes);
            for (long s = 41; s <= 60; s++)
            {
                w.Scalar(TensorBoardTags.TrainLoss, new Step(s), 1.0 / s, T0 + 100 + s);
                if (s % 10 == 0) w.Scalar("eval/loss", new Step(s), 2.0 / s, T0 + 100 + s);
            }
        }

        Assert.All(TensorBoardEventFiles.ReadScalars(first), s => Assert.True(s.Step.Value <= 40));
        var all = TensorBoardEventFiles.ReadRun(run.Path);
        var loss = all.Where(s => s.Tag == TensorBoardTags.TrainLoss).ToList();
        Assert.Equal(Enumerable.Range(1, 60).Select(i => (long)i), loss.Select(s => s.Step.Value));
        Assert.Equal(Enumerable.Range(1, 60).Select(i => (float)(1.0 / i)), loss.Select(s => s.Value));
        Assert.Equal([10L, 20, 30, 40, 50, 60], all.Where(s => s.Tag == "eval/loss").Select(s => s.Step.Value));
        // the steps after 40 come from the second session (its wall times)
        Assert.All(loss.Where(s => s.Step.Value > 40), s => Assert.Equal(T0 + 100 + s.Step.Value, s.WallTime));
    }

    [Fact]
    public void The_new_session_starts_with_file_version_and_a_session_start_after_the_checkpoint_step()
    {
        using var run = new TensorBoardTestFolder();
        FirstSession(run.Path, 12);
        string second;
        using (var w = TensorBoardWriter.Open(run.Path, new Step(10), T0 + 50, "h")) second = w.FilePath;
        var events = TensorBoardEventFiles.ReadEvents(second);
        Assert.Equal(2, events.Count);
        Assert.Equal("brain.Event:2", events[0].FileVersion);
        Assert.Equal(Event.WhatOneofCase.SessionLog, events[1].WhatCase);
        Assert.Equal(SessionLog.Types.SessionStatus.Start, events[1].SessionLog.Status);
        Assert.Equal(11, events[1].Step); // TensorBoard's purge drops loaded events with step ≥ 11
        Assert.Equal(T0 + 50, events[1].WallTime);
    }

    [Fact]
    public void A_file_with_nothing_after_the_checkpoint_step_is_left_byte_for_byte()
    {
        using var run = new TensorBoardTestFolder();
        string first = FirstSession(run.Path, 30);
        byte[] before = File.ReadAllBytes(first);
        using (var w = TensorBoardWriter.Open(run.Path, new Step(30), T0 + 50, "h")) Assert.Empty(w.Notes);
        Assert.Equal(before, File.ReadAllBytes(first));
    }

    [Fact]
    public void A_record_torn_at_any_byte_is_cut_off_on_resume_and_the_records_before_it_stay()
    {
        using var run = new TensorBoardTestFolder();
        string first = FirstSession(run.Path, 5);
        byte[] whole = File.ReadAllBytes(first);
        var records = RawRecords.Split(whole);
        long lastStart = records[^1].Offset;
        var expected = TensorBoardEventFiles.ReadScalars(first).Take(4).ToList(); // steps 1..4
        for (long keep = lastStart + 1; keep < whole.Length; keep++)
        {
            File.WriteAllBytes(first, whole.AsSpan(0, (int)keep).ToArray()); // a kill -9 inside the last record's write
            foreach (string f in TensorBoardEventFiles.List(run.Path).Where(f => f != first)) File.Delete(f);
            var torn = Assert.Throws<InvalidDataException>(() => TensorBoardEventFiles.ReadScalars(first));
            Assert.Contains($"torn record at byte {lastStart}", torn.Message);

            using (var w = TensorBoardWriter.Open(run.Path, new Step(100), T0 + 50, "h"))
            {
                string note = Assert.Single(w.Notes);
                Assert.Contains($"a torn record at byte {lastStart}", note);
            }
            Assert.Equal(lastStart, new FileInfo(first).Length);
            Assert.Equal(expected, TensorBoardEventFiles.ReadScalars(first));
        }
    }

    [Fact]
    public void A_file_torn_inside_its_first_record_is_deleted_on_resume()
    {
        using var run = new TensorBoardTestFolder();
        string first = FirstSession(run.Path, 3);
        File.WriteAllBytes(first, File.ReadAllBytes(first).AsSpan(0, 7).ToArray());
        using (var w = TensorBoardWriter.Open(run.Path, new Step(3), T0 + 50, "h"))
        {
            Assert.Contains("deleted", Assert.Single(w.Notes));
        }
        Assert.False(File.Exists(first));
        Assert.Single(TensorBoardEventFiles.List(run.Path));
    }

    [Fact]
    public void A_damaged_record_is_reported_and_resume_cuts_the_file_before_it()
    {
        using var run = new TensorBoardTestFolder();
        string first = FirstSession(run.Path, 8);
        byte[] bytes = File.ReadAllBytes(first);
        var records = RawRecords.Split(bytes);
        var (offset, data) = records[3]; // file_version, steps 1, 2, then this one (step 3)
        foreach (int flip in new[] { 0, 9, 12, 12 + data.Length, 12 + data.Length + 3 }) // length, its CRC, data, data CRC
        {
            byte[] damaged = (byte[])bytes.Clone();
            damaged[offset + flip] ^= 0x10;
            File.WriteAllBytes(first, damaged);
            foreach (string f in TensorBoardEventFiles.List(run.Path).Where(f => f != first)) File.Delete(f);
            var e = Assert.Throws<InvalidDataException>(() => TensorBoardEventFiles.ReadScalars(first));
            Assert.Contains($"record at byte {offset}", e.Message);
            using (var w = TensorBoardWriter.Open(run.Path, new Step(8), T0 + 50, "h"))
            {
                Assert.Contains($"record at byte {offset}", Assert.Single(w.Notes));
            }
            Assert.Equal(offset, new FileInfo(first).Length);
            Assert.Equal([1L, 2], TensorBoardEventFiles.ReadScalars(first).Select(s => s.Step.Value));
        }
    }

    [Fact]
    public void Several_resumes_cut_every_earlier_file()
    {
        using var run = new TensorBoardTestFolder();
        FirstSession(run.Path, 30);
        using (var w = TensorBoardWriter.Open(run.Path, new Step(20), T0 + 100, "h"))
        {
            for (long s = 21; s <= 35; s++) w.Scalar(TensorBoardTags.TrainLoss, new Step(s), s, T0 + 100 + s);
        }
        // the checkpoint at 30 turned out corrupt: the third session resumes from 15
        using (var w = TensorBoardWriter.Open(run.Path, new Step(15), T0 + 200, "h"))
        {
            Assert.Equal(2, w.Notes.Count);
            for (long s = 16; s <= 40; s++) w.Scalar(TensorBoardTags.TrainLoss, new Step(s), -s, T0 + 200 + s);
        }
        var loss = TensorBoardEventFiles.ReadRun(run.Path).Where(s => s.Tag == TensorBoardTags.TrainLoss).ToList();
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), loss.Select(s => s.Step.Value));
        Assert.All(loss.Where(s => s.Step.Value > 15), s => Assert.Equal(-s.Step.Value, s.Value));
    }
}
