using System.Text.Json;
using Stepwise.Training.Loop;
using Stepwise.Training.Runs;

namespace Stepwise.Training.Tests.Loop;

/// <summary>Issue 13: a folder that holds a run is never written without --resume or --overwrite; timing.jsonl never
/// mixes runs; run.json and metrics.jsonl follow the run while it trains.</summary>
public class RunFolderSafetyTests
{
    private static Dictionary<string, string> Snapshot(string dir) =>
        Directory.GetFiles(dir, "*", SearchOption.AllDirectories).ToDictionary(f => f, RunHarness.Hash);

    [Fact]
    public void A_fresh_start_into_a_finished_run_is_refused_naming_the_folder_what_it_holds_and_both_options()
    {
        using var h = new RunHarness();
        string dir = h.Dir("a");
        RunHarness.Train(TrainerTests.Accum, dir);
        var before = Snapshot(dir);
        string other = TrainerTests.Accum.Replace("lr: 0.01", "lr: 0.02", StringComparison.Ordinal);
        var e = Assert.Throws<RunInputException>(() => RunHarness.Train(other, dir));
        Assert.Contains(dir, e.Message, StringComparison.Ordinal);
        Assert.Contains("a completed run at step 40 of 40", e.Message, StringComparison.Ordinal);
        Assert.Contains("--resume auto", e.Message, StringComparison.Ordinal);
        Assert.Contains("--overwrite", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Equal(before, Snapshot(dir));
    }

    [Fact]
    public void Overwrite_replaces_the_old_run_whole_and_keeps_unrelated_files()
    {
        using var h = new RunHarness();
        string dir = h.Dir("a");
        RunHarness.Train(TrainerTests.Accum.Replace("checkpoints: { every: 6 }", "checkpoints: { every: 5 }", StringComparison.Ordinal), dir);
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "mine");
        var (outcome, _, _) = RunHarness.Train(TrainerTests.Accum, dir, options: o => o with { Overwrite = true });
        Assert.Equal(TrainOutcome.Completed, outcome);
        // only the new run's checkpoints (every 6 and the final), one timing segment, and the unrelated file
        var steps = Directory.GetDirectories(dir, "checkpoint_step_*").Select(d => long.Parse(Path.GetFileName(d)["checkpoint_step_".Length..], System.Globalization.CultureInfo.InvariantCulture)).Order();
        Assert.Equal([6, 12, 18, 24, 30, 36, 40], steps);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(dir, "notes.txt")));
        var fresh = h.Dir("b");
        RunHarness.Train(TrainerTests.Accum, fresh);
        foreach (string f in new[] { RunFiles.Metrics, RunFiles.MetricsCsv, RunFiles.Run, "checkpoint_step_40/model.safetensors" })
            Assert.Equal(RunHarness.Hash(Path.Combine(fresh, f)), RunHarness.Hash(Path.Combine(dir, f)));
        var segments = RunFolder.Open(dir).Timing().Select(t => t.Segment).Distinct();
        Assert.Equal([0], segments);
    }

    [Fact]
    public void Timing_holds_one_segment_per_process_and_a_resume_continues_it()
    {
        using var h = new RunHarness();
        string dir = h.Dir("a");
        RunHarness.Train(TrainerTests.Accum, dir, stopAt: 15);
        RunHarness.Train(TrainerTests.Accum, dir, ResumeMode.Auto, stopAt: 27);
        RunHarness.Train(TrainerTests.Accum, dir, ResumeMode.Auto);
        var rows = RunFolder.Open(dir).Timing().ToList();
        Assert.Equal([0, 1, 2], rows.Where(r => r.Event == "start").Select(r => r.Segment));
        Assert.Equal([0L, 15, 27], rows.Where(r => r.Event == "start").Select(r => r.Step));
        Assert.Equal(["stopped", "stopped", "completed"], File.ReadLines(Path.Combine(dir, RunFiles.Timing))
            .Select(l => JsonDocument.Parse(l).RootElement).Where(e => e.GetProperty("event").GetString() == "end").Select(e => e.GetProperty("status").GetString()));
        Assert.All(rows.Where(r => r.Event == "save"), r => Assert.True(r.SaveSeconds >= 0));
    }

    /// <summary>Reads metrics.jsonl and run.json from inside the run (a hook sees the files as `tail -f` would).</summary>
    private sealed class FileWatcher(string dir) : IUpdateHook
    {
        public List<(long Update, long Rows, long RunJsonStep, string Status)> Seen { get; } = [];

        public void AfterUpdate(in UpdateRecord update)
        {
            string metrics = Path.Combine(dir, RunFiles.Metrics);
            long rows;
            using (var fs = new FileStream(metrics, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            using (var reader = new StreamReader(fs))
            {
                rows = reader.ReadToEnd().Count(c => c == '\n');
            }
            var status = RunStatusFile.Read(Path.Combine(dir, RunFiles.Run))!;
            Seen.Add((update.Update.Value, rows, status.Step, RunStatusFile.Name(status.Status)));
        }
    }

    [Fact]
    public void Rows_reach_the_disk_as_they_are_logged_and_run_json_says_the_real_step()
    {
        using var h = new RunHarness();
        string dir = h.Dir("a");
        var watcher = new FileWatcher(dir);
        string yaml = TrainerTests.Accum + "\nlog: { every: 1 }\n";
        RunHarness.Train(yaml, dir, options: o => o with { FlushSeconds = 0, Hooks = [watcher] });
        var straight = h.Dir("b");
        RunHarness.Train(yaml, straight);
        var all = File.ReadAllLines(Path.Combine(straight, RunFiles.Metrics)).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("step").GetInt64()).ToList();
        // during update t (state t → t+1) the file holds every row of the steps up to t, and run.json says step t
        foreach (var (t, rows, step, status) in watcher.Seen)
        {
            Assert.Equal(all.Count(s => s <= t), rows);
            Assert.Equal(t, step);
            Assert.Equal("running", status);
        }
        Assert.Equal(40, watcher.Seen.Count);
        Assert.Equal(RunHarness.Hash(Path.Combine(straight, RunFiles.Metrics)), RunHarness.Hash(Path.Combine(dir, RunFiles.Metrics)));
    }
}
