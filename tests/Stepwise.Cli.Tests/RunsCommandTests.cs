using System.Text.Json;

namespace Stepwise.Cli.Tests;

/// <summary><c>stepwise runs DIR</c> on a sweep folder written by <c>stepwise slurm --out DIR</c>: one task trained (with a
/// job log of two allocations), the others pending; as a table, JSON and CSV.</summary>
public sealed class RunsCommandTests : IDisposable
{
    private const string Yaml = """
        name: sw
        seed: 2
        data: { source: digits, splits: { val: 0.2 } }
        model: { kind: mlp, hidden: [16] }
        batch: { size: 64 }
        duration: { max_steps: 40 }
        eval: { every: 20 }
        checkpoints: { every: 20, keep_best: 1, best_metric: val_loss }
        log: { every: 10 }
        """;

    private readonly TempDir _t = new();

    private string Sweep()
    {
        string config = _t.Write("sw.yaml", Yaml);
        string dir = Path.Combine(_t.Path, "out");
        var (code, _, err) = CliRunner.Run("slurm", config, "--out", dir, "--grace", "30s", "--stepwise", "stepwise", "--sweep", "model.hidden=[8],[16, 16]", "--array", "seeds=0..1");
        Assert.True(code == 0, err);
        // task 1 (hidden [8], seed 1) trains, as its job would, over two allocations
        var train = CliRunner.Run("train", config, "--set", "model.hidden=[8]", "--set", "seed=1", "--out", Path.Combine(dir, "sw-1"), "--resume", "auto", "--quiet");
        Assert.True(train.Code == 0, train.Err);
        File.WriteAllText(Path.Combine(dir, "sw-1", "slurm.out"), "stepwise-slurm: allocation 1 of job 7_1 on n at t: x at step 0\nstepwise-slurm: stopped at step 20\nstepwise-slurm: allocation 2 of job 7_1 on n at t: x at step 20\n");
        return dir;
    }

    [Fact]
    public void Json_lists_every_task_started_or_not()
    {
        string dir = Sweep();
        var (code, stdout, err) = CliRunner.Run("runs", dir, "--format", "json");
        Assert.True(code == 0, err);
        var rows = JsonDocument.Parse(stdout).RootElement.EnumerateArray().ToList();
        Assert.Equal(["sw-0", "sw-1", "sw-2", "sw-3"], rows.Select(r => r.GetProperty("name").GetString()));
        var done = rows[1];
        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Equal(40, done.GetProperty("step").GetInt64());
        Assert.Equal(40, done.GetProperty("total_steps").GetInt64());
        Assert.Equal(2, done.GetProperty("allocations").GetInt32());
        Assert.Equal("[8]", done.GetProperty("overrides").GetProperty("model.hidden").GetString());
        Assert.Equal("1", done.GetProperty("overrides").GetProperty("seed").GetString());
        Assert.Equal(40, done.GetProperty("eval_step").GetInt64());
        Assert.Equal(JsonValueKind.Number, done.GetProperty("metrics").GetProperty("val_loss").ValueKind);
        Assert.Equal(JsonValueKind.Number, done.GetProperty("loss").ValueKind);
        Assert.StartsWith("checkpoint_step_", done.GetProperty("best_checkpoint").GetString(), StringComparison.Ordinal);
        foreach (int k in new[] { 0, 2, 3 })
        {
            Assert.Equal("pending", rows[k].GetProperty("status").GetString());
            Assert.Equal(0, rows[k].GetProperty("step").GetInt64());
            Assert.Equal(JsonValueKind.Null, rows[k].GetProperty("allocations").ValueKind);
        }
    }

    [Fact]
    public void Csv_quotes_overrides_with_commas()
    {
        string dir = Sweep();
        var (code, stdout, err) = CliRunner.Run("runs", dir, "--format", "csv");
        Assert.True(code == 0, err);
        string[] lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);
        Assert.StartsWith("name,sweep,index,overrides,status,step,total_steps,loss,eval_step,", lines[0], StringComparison.Ordinal);
        Assert.EndsWith(",best_checkpoint,allocations", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("sw-1,sw,1,model.hidden=[8] seed=1,completed,40,40,", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("sw-2,sw,2,\"model.hidden=[16, 16] seed=0\",pending,0,,", lines[3], StringComparison.Ordinal);
        Assert.EndsWith(",2", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Text_is_a_table_with_a_summary()
    {
        string dir = Sweep();
        var (code, stdout, err) = CliRunner.Run("runs", dir);
        Assert.True(code == 0, err);
        Assert.Contains("sw-1", stdout, StringComparison.Ordinal);
        Assert.Contains("40/40", stdout, StringComparison.Ordinal);
        Assert.Contains("model.hidden=[16, 16] seed=1", stdout, StringComparison.Ordinal);
        Assert.Contains("4 runs: 1 completed, 3 pending, 0 running or stopped, 0 failed or unreadable", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_single_run_folder_and_a_folder_of_runs_without_a_manifest()
    {
        string config = _t.Write("sw.yaml", Yaml);
        string parent = Path.Combine(_t.Path, "runs");
        Assert.Equal(0, CliRunner.Run("train", config, "--out", Path.Combine(parent, "a"), "--quiet").Code);
        var one = CliRunner.Run("runs", Path.Combine(parent, "a"), "--format", "json");
        Assert.Equal("a", JsonDocument.Parse(one.Out).RootElement[0].GetProperty("name").GetString());
        Directory.CreateDirectory(Path.Combine(parent, "not-a-run"));
        var all = CliRunner.Run("runs", parent, "--format", "json");
        Assert.Equal(1, JsonDocument.Parse(all.Out).RootElement.GetArrayLength());
    }

    [Theory]
    [InlineData("missing", "no such folder")]
    [InlineData("empty", "no runs")]
    public void No_runs_is_bad_input(string which, string fragment)
    {
        string dir = Path.Combine(_t.Path, which);
        if (which == "empty") Directory.CreateDirectory(dir);
        var (code, stdout, err) = CliRunner.Run("runs", dir);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains(fragment, err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_damaged_manifest_is_named_and_the_rest_still_listed()
    {
        string dir = Sweep();
        File.WriteAllText(Path.Combine(dir, "broken.sweep.json"), "{ not json");
        var (code, stdout, err) = CliRunner.Run("runs", dir, "--format", "json");
        Assert.Equal(0, code);
        Assert.Contains("broken.sweep.json: not a stepwise-sweep manifest", err, StringComparison.Ordinal);
        Assert.Equal(4, JsonDocument.Parse(stdout).RootElement.GetArrayLength());
    }

    public void Dispose() => _t.Dispose();
}
