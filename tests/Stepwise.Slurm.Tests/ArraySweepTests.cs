using System.Diagnostics;
using System.Text.Json;
using Stepwise.Training.Checkpoints;
using Stepwise.Training.Cluster;
using Xunit.Abstractions;

namespace Stepwise.Slurm.Tests;

/// <summary>A 3-task sweep as one job array on a real Slurm, its grace measured by stepwise slurm itself: every task
/// trains its own run folder with its own override, and <c>stepwise runs</c> shows them all completed.</summary>
public sealed class ArraySweepTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "stepwise-slurm-test-" + Guid.NewGuid().ToString("N")[..10]);

    private const string Yaml = """
        name: sweep
        seed: 5
        data: { source: digits, splits: { val: 0.2 } }
        model: { kind: mlp, hidden: [32] }
        optimizer: { kind: adamw, lr: 0.003 }
        batch: { size: 64 }
        duration: { max_steps: 120 }
        eval: { every: 60 }
        checkpoints: { every: 40 }
        log: { every: 20 }
        """;

    private static readonly string[] Rates = ["0.01", "0.003", "0.001"];

    [SlurmFact]
    public void A_three_task_sweep_runs_to_completion_as_one_array_and_stepwise_runs_lists_it()
    {
        var cluster = SlurmCluster.Shared;
        Directory.CreateDirectory(_root);
        string config = Path.Combine(_root, "sweep.yaml");
        File.WriteAllText(config, Yaml);
        string sweep = Path.Combine(_root, "out dir"); // a space in every path the script holds
        var clock = Stopwatch.StartNew();
        var submit = SlurmCluster.Run("dotnet",
            [SlurmCluster.StepwiseDll, "slurm", config, "--sweep", "optimizer.lr=" + string.Join(',', Rates), "--max-concurrent", "2", "--time", "00:05:00",
             "--cpus", "1", "--out", sweep, "--stepwise", SlurmCluster.StepwiseDll, "--submit"], cluster.Environment());
        Assert.True(submit.Code == 0, $"stepwise slurm --submit exited {submit.Code}: {submit.Err}");
        Assert.Contains("measuring update, evaluation and save times", submit.Err, StringComparison.Ordinal);
        string id = submit.Out.Trim().Split(' ')[1];
        string script = File.ReadAllText(Path.Combine(sweep, "sweep.sbatch"));
        Assert.Contains("#SBATCH --array=0-2%2", script, StringComparison.Ordinal);
        Assert.Contains("(measured here: median of 10 updates)", script, StringComparison.Ordinal);

        bool gone = cluster.WaitGone(id, TimeSpan.FromMinutes(5));
        var records = cluster.Show(id);
        string Logs() => string.Join("\n", Enumerable.Range(0, 3).Select(k => Path.Combine(sweep, $"sweep-{k}", SlurmLog.FileName))
            .Select(f => $"--- {f}\n" + (File.Exists(f) ? File.ReadAllText(f) : "(none)")));
        string context = $"job {id} after {clock.Elapsed.TotalSeconds:F0} s: " + string.Join("; ", records.Select(r => $"{r.GetValueOrDefault("JobId")} {r.GetValueOrDefault("JobState")} {r.GetValueOrDefault("ExitCode")}")) + "\n" + Logs() + "\n" + cluster.LogTail();
        output.WriteLine(context);
        Assert.True(gone, "the array did not finish within 5 minutes: " + context);
        Assert.True(records.Count == 3 && records.All(r => r.GetValueOrDefault("JobState") == "COMPLETED"), context);

        // Each task trained its own folder with its own rate: task 1 equals the same run trained here.
        string reference = Path.Combine(_root, "reference");
        var local = SlurmCluster.Run("dotnet", [SlurmCluster.StepwiseDll, "train", config, "--set", "optimizer.lr=0.003", "--out", reference, "--threads", "1", "--quiet"]);
        Assert.True(local.Code == 0, local.Err);
        string final = Path.Combine(CheckpointStore.FolderName(120), "model.safetensors");
        Assert.True(File.ReadAllBytes(Path.Combine(sweep, "sweep-1", final)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(reference, final))), "sweep-1 differs from the run with optimizer.lr=0.003");
        Assert.False(File.ReadAllBytes(Path.Combine(sweep, "sweep-0", final)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(reference, final))), "sweep-0 (lr 0.01) equals the lr 0.003 run");

        // stepwise runs: the three, completed, with their overrides, one allocation each.
        var runs = SlurmCluster.Run("dotnet", [SlurmCluster.StepwiseDll, "runs", sweep, "--format", "json"]);
        Assert.True(runs.Code == 0, runs.Err);
        using var doc = JsonDocument.Parse(runs.Out);
        var rows = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(3, rows.Count);
        for (int k = 0; k < 3; k++)
        {
            var r = rows[k];
            Assert.Equal($"sweep-{k}", r.GetProperty("name").GetString());
            Assert.Equal(k, r.GetProperty("index").GetInt32());
            Assert.Equal(Rates[k], r.GetProperty("overrides").GetProperty("optimizer.lr").GetString());
            Assert.Equal("completed", r.GetProperty("status").GetString());
            Assert.Equal(120, r.GetProperty("step").GetInt64());
            Assert.Equal(120, r.GetProperty("total_steps").GetInt64());
            Assert.Equal(1, r.GetProperty("allocations").GetInt32());
            Assert.Equal(JsonValueKind.Number, r.GetProperty("metrics").GetProperty("val_accuracy").ValueKind);
        }
        var text = SlurmCluster.Run("dotnet", [SlurmCluster.StepwiseDll, "runs", sweep]);
        Assert.True(text.Code == 0, text.Err);
        output.WriteLine(text.Out);
        Assert.Contains("3 runs: 3 completed", text.Out, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
