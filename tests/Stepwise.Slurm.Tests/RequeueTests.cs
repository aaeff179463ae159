using System.Diagnostics;
using System.Globalization;
using Stepwise.Training.Checkpoints;
using Stepwise.Training.Cluster;
using Xunit.Abstractions;

namespace Stepwise.Slurm.Tests;

/// <summary>
/// A run longer than its job's time limit on a real Slurm: the job is signalled (SIGUSR1, 20 s before its 1-minute
/// limit), stepwise checkpoints and exits 3, the script requeues the job, the next allocation resumes — and the run ends
/// byte-identical to the same run trained here without interruption.
/// </summary>
public sealed class RequeueTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "stepwise-slurm-test-" + Guid.NewGuid().ToString("N")[..10]);

    [SlurmFact]
    public void A_run_longer_than_its_time_limit_is_signalled_checkpointed_requeued_and_ends_byte_identical()
    {
        var cluster = SlurmCluster.Shared;
        Directory.CreateDirectory(_root);
        string config = Path.Combine(_root, "requeue.yaml");
        File.WriteAllText(config, Figures.RequeueYaml);

        // The reference: trained here, in one go.
        string reference = Path.Combine(_root, "reference");
        var local = SlurmCluster.Run("dotnet", [SlurmCluster.StepwiseDll, "train", config, "--out", reference, "--threads", "1", "--quiet"], null, TimeSpan.FromMinutes(3));
        Assert.True(local.Code == 0, $"the reference run failed ({local.Code}): {local.Err}");

        // The job: written and submitted by stepwise slurm itself.
        string sweep = Path.Combine(_root, "slurm");
        var clock = Stopwatch.StartNew();
        // The job runs the fault host (the real CLI with slowed checkpoint writes), so that it outlasts its limit on any machine.
        var env = cluster.Environment(new() { [FaultHost.SlowFaults.Variable] = Figures.SlowCheckpointMs.ToString(CultureInfo.InvariantCulture) });
        var submit = SlurmCluster.Run("dotnet",
            [SlurmCluster.StepwiseDll, "slurm", config, "--time", "1", "--grace", "20s", "--cpus", "1", "--out", sweep, "--stepwise", SlurmCluster.FaultHostDll, "--submit"], env);
        Assert.True(submit.Code == 0, $"stepwise slurm --submit exited {submit.Code}: {submit.Err}");
        string[] words = submit.Out.Trim().Split(' ');
        Assert.True(words.Length == 3 && words[0] == "submitted", $"stdout: {submit.Out}");
        string id = words[1];
        string run = Path.Combine(sweep, "requeue");
        string log = Path.Combine(run, SlurmLog.FileName);
        string Log() => File.Exists(log) ? File.ReadAllText(log) : "(no log)";

        bool gone = cluster.WaitGone(id, Figures.JobTimeout);
        var record = cluster.Show(id).Single();
        string context = $"job {id} after {clock.Elapsed.TotalSeconds:F0} s: JobState={record.GetValueOrDefault("JobState")} Restarts={record.GetValueOrDefault("Restarts")} ExitCode={record.GetValueOrDefault("ExitCode")}\n--- {log}\n{Log()}\n{cluster.LogTail()}";
        output.WriteLine(context);
        Assert.True(gone, $"the job did not finish within {Figures.JobTimeout}: {context}");
        Assert.True(record.GetValueOrDefault("JobState") == "COMPLETED" && record.GetValueOrDefault("ExitCode") == "0:0", context);

        // At least one signal → checkpoint → requeue cycle (two with STEPWISE_FULL=1): by Slurm's count and by the log's.
        int restarts = int.Parse(record["Restarts"], CultureInfo.InvariantCulture);
        int allocations = SlurmLog.CountAllocations(run);
        Assert.True(allocations >= Figures.MinAllocations && restarts == allocations - 1, $"allocations {allocations} (log), restarts {restarts} (Slurm); need ≥ {Figures.MinAllocations}: {context}");
        string text = Log();
        Assert.Contains($"{SlurmLog.Prefix}SIGUSR1", text, StringComparison.Ordinal);
        Assert.Contains($"{SlurmLog.Prefix}stopped at step ", text, StringComparison.Ordinal);
        Assert.Contains($"{SlurmLog.Prefix}stepwise exited 0", text, StringComparison.Ordinal);
        Assert.Contains("(SIGUSR1); resume with", text, StringComparison.Ordinal);

        // Byte-identical to the uninterrupted run: final weights, optimizer state and metrics.jsonl.
        string final = CheckpointStore.FolderName(Figures.TotalSteps);
        foreach (string file in new[] { "model.safetensors", "optimizer.safetensors" })
            Assert.True(File.ReadAllBytes(Path.Combine(run, final, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(reference, final, file))), $"{final}/{file} differs from the uninterrupted run");
        Assert.True(File.ReadAllBytes(Path.Combine(run, "metrics.jsonl")).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(reference, "metrics.jsonl"))), "metrics.jsonl differs from the uninterrupted run");
        Assert.Contains("\"status\": \"completed\"", File.ReadAllText(Path.Combine(run, "run.json")), StringComparison.Ordinal);
        output.WriteLine($"{allocations} allocations, {restarts} requeues, {clock.Elapsed.TotalSeconds:F0} s from submission to the end; byte-identical to the uninterrupted run");
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
