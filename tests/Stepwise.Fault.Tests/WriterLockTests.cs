using System.Globalization;
using Stepwise.Training.Checkpoints;

namespace Stepwise.Fault.Tests;

/// <summary>One writer per run folder, between real processes (issue 14): a second writer is refused at once naming the
/// first's pid, or waits with --wait-lock; kill -9 of the holder frees the folder at once.</summary>
public class WriterLockTests
{
    private const int SlowMs = 40; // slowed checkpoint writes keep the first writer busy for several seconds

    private static Dictionary<string, string> Slow() => new() { [FaultHost.SlowFaults.Variable] = SlowMs.ToString(CultureInfo.InvariantCulture) };

    [Fact]
    public void A_second_writer_is_refused_naming_the_holders_pid_and_kill_9_of_the_holder_frees_the_folder()
    {
        var reference = ReferenceRun.Get();
        string run = reference.NewFolder("lock");
        using var first = StepwiseProcess.Start(["train", reference.ConfigPath, "--out", run, "--threads", "1"], Slow());
        Assert.True(first.WaitForLine("stepwise: training ", TimeSpan.FromSeconds(120)), first.Stderr);
        using (var second = StepwiseProcess.Start(["train", reference.ConfigPath, "--out", run, "--resume", "auto", "--threads", "1"]))
        {
            Assert.True(second.WaitForExit(TimeSpan.FromSeconds(60)));
            Assert.Equal(2, second.ExitCode);
            Assert.Contains($"is being written by process {first.Pid}", second.Stderr, StringComparison.Ordinal);
            Assert.Contains("--wait-lock", second.Stderr, StringComparison.Ordinal);
            Assert.Single(second.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        Assert.False(first.HasExited, "the first writer finished before the second was refused; slow its writes more");
        Assert.True(first.Signal(StepwiseProcess.SigKill));
        Assert.True(first.WaitForExit(TimeSpan.FromSeconds(30)));
        // the kernel released the lock with the process: the next writer starts at once and completes the run
        var (code, _, err) = InProcess.Run("train", reference.ConfigPath, "--out", run, "--resume", "auto", "--threads", "1", "--quiet");
        Assert.True(code == 0, err);
        Assert.True(File.ReadAllBytes(Path.Combine(run, "metrics.jsonl")).AsSpan().SequenceEqual(reference.Metrics), "metrics.jsonl differs from the uninterrupted run's");
        Assert.DoesNotContain(reference.CompareCheckpoints(run, weightsOnly: false).Problems, p => !p.Contains("the reference has no checkpoint", StringComparison.Ordinal));
        ReferenceRun.TryDelete(run);
    }

    [Fact]
    public void With_wait_lock_the_second_writer_proceeds_once_the_first_exits_and_the_log_is_not_doubled()
    {
        var reference = ReferenceRun.Get();
        string run = reference.NewFolder("wait");
        using var first = StepwiseProcess.Start(["train", reference.ConfigPath, "--out", run, "--threads", "1"], Slow());
        Assert.True(first.WaitForLine("stepwise: training ", TimeSpan.FromSeconds(120)), first.Stderr);
        using var second = StepwiseProcess.Start(["train", reference.ConfigPath, "--out", run, "--resume", "auto", "--wait-lock", "300s", "--threads", "1"]);
        Assert.True(first.WaitForExit(TimeSpan.FromSeconds(240)));
        Assert.Equal(0, first.ExitCode);
        Assert.True(second.WaitForExit(TimeSpan.FromSeconds(120)));
        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.StartsWith($"complete {FaultConfig.TotalSteps}/{FaultConfig.TotalSteps}", second.Stdout, StringComparison.Ordinal);
        Assert.True(File.ReadAllBytes(Path.Combine(run, "metrics.jsonl")).AsSpan().SequenceEqual(reference.Metrics), "two writers interleaved metrics.jsonl");
        Assert.Equal(FaultConfig.TotalSteps, new CheckpointStore(run).FindNewestValid(_ => { })!.Step);
        ReferenceRun.TryDelete(run);
    }
}
