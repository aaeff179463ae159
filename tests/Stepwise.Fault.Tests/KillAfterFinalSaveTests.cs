using Stepwise.Training.Checkpoints;

namespace Stepwise.Fault.Tests;

/// <summary>
/// A kill between the final checkpoint and the end of the run (metrics.csv, run.json "completed") leaves a complete
/// checkpoint at T. Resuming must finish the run folder, not leave run.json saying "running" and metrics.csv missing.
/// </summary>
public class KillAfterFinalSaveTests
{
    [Fact]
    public void Resume_auto_after_a_kill_right_after_the_final_save_finishes_the_run_folder()
    {
        var reference = ReferenceRun.Get();
        string run = reference.NewFolder("after-final");
        foreach (long step in reference.Checkpoints.Keys) reference.CopyCheckpoint(step, run);
        // What the kill leaves: metrics.jsonl flushed before the save, run.json from the start of the run, no metrics.csv.
        File.WriteAllBytes(Path.Combine(run, "metrics.jsonl"), reference.Metrics);
        foreach (string f in new[] { "plan.json", "config.yaml" }) File.Copy(Path.Combine(reference.RunDirectory, f), Path.Combine(run, f));
        File.WriteAllText(Path.Combine(run, "run.json"), File.ReadAllText(Path.Combine(reference.RunDirectory, "run.json")).Replace("\"completed\"", "\"running\"", StringComparison.Ordinal));

        var (code, stdout, err) = InProcess.Run("train", reference.ConfigPath, "--out", run, "--resume", "auto", "--threads", "1", "--quiet");

        Assert.True(code == 0, err);
        Assert.StartsWith($"complete {FaultConfig.TotalSteps}/{FaultConfig.TotalSteps}", stdout, StringComparison.Ordinal);
        foreach (string f in new[] { "run.json", "metrics.csv", "metrics.jsonl" })
        {
            string mine = Path.Combine(run, f);
            Assert.True(File.Exists(mine), $"{f} missing");
            Assert.True(File.ReadAllBytes(Path.Combine(reference.RunDirectory, f)).AsSpan().SequenceEqual(File.ReadAllBytes(mine)), $"{f} differs from the uninterrupted run's:\n{File.ReadAllText(mine)}");
        }
        Assert.Empty(reference.CompareCheckpoints(run, weightsOnly: false).Problems);
        Assert.Empty(Directory.GetFileSystemEntries(run, CheckpointStore.TempPrefix + "*"));
        ReferenceRun.TryDelete(run);
    }

    [Fact]
    public void Resume_auto_after_a_kill_between_the_final_save_and_its_retention_applies_the_retention()
    {
        var reference = ReferenceRun.Get();
        string run = reference.NewFolder("after-final-retention");
        // keep_last 2: the kill came after checkpoint T was saved and before retention deleted the one before T − 1
        var steps = reference.Checkpoints.Keys.Order().ToList();
        foreach (long step in steps.TakeLast(3)) reference.CopyCheckpoint(step, run);
        File.WriteAllBytes(Path.Combine(run, "metrics.jsonl"), reference.Metrics);
        foreach (string f in new[] { "plan.json", "config.yaml" }) File.Copy(Path.Combine(reference.RunDirectory, f), Path.Combine(run, f));
        File.WriteAllText(Path.Combine(run, "run.json"), File.ReadAllText(Path.Combine(reference.RunDirectory, "run.json")).Replace("\"completed\"", "\"running\"", StringComparison.Ordinal));

        var (code, stdout, err) = InProcess.Run("train", reference.ConfigPath, "--out", run, "--resume", "auto", "--threads", "1", "--quiet", "--set", "checkpoints.keep_last=2");

        Assert.True(code == 0, err);
        Assert.StartsWith($"complete {FaultConfig.TotalSteps}/{FaultConfig.TotalSteps}", stdout, StringComparison.Ordinal);
        Assert.Equal(steps.TakeLast(2), new CheckpointStore(run).List().Select(c => c.Step));
        Assert.Empty(Directory.GetFileSystemEntries(run, CheckpointStore.TempPrefix + "*"));
        ReferenceRun.TryDelete(run);
    }
}
