using System.Text.Json;

namespace Stepwise.Cli.Tests;

/// <summary><c>stepwise plan CONFIG --time-limit 4h --step-time 12s</c>: the allocations a run needs and the checkpoints
/// in each; Slurm's time forms on <c>--time-limit</c>.</summary>
public sealed class SlurmPlanTests : IDisposable
{
    // 3,000 updates, a checkpoint every 500
    private const string Yaml = "data: { train_size: 3000 }\nbatch: { size: 10 }\nduration: { epochs: 10 }\ncheckpoints: { every: 500 }\n";

    private readonly TempDir _t = new();

    [Fact]
    public void Text_lists_each_allocation_with_its_checkpoints()
    {
        var (code, stdout, err) = CliRunner.Run("plan", _t.Write("p.yaml", Yaml), "--time-limit", "04:00:00", "--step-time", "12s");
        Assert.True(code == 0, err);
        Assert.Contains("Allocations: 3 of 14400 s (04:00:00) at 12 s per update", stdout, StringComparison.Ordinal);
        Assert.Contains("  1: steps 0 → 1197 (1197 updates), checkpoints 500, 1000, stop checkpoint 1197", stdout, StringComparison.Ordinal);
        Assert.Contains("  3: steps 2394 → 3000 (606 updates), checkpoints 2500, 3000 (the end)", stdout, StringComparison.Ordinal);
        Assert.Contains("run time", stdout, StringComparison.OrdinalIgnoreCase); // --step-time also feeds the estimates
    }

    [Fact]
    public void Json_adds_an_allocations_member_and_csv_allocation_rows()
    {
        string config = _t.Write("p.yaml", Yaml);
        var (code, stdout, _) = CliRunner.Run("plan", config, "--time-limit", "4h", "--step-time", "12", "--format", "json");
        Assert.Equal(0, code);
        var root = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(3000, root.GetProperty("total_steps").GetInt64());
        var a = root.GetProperty("allocations");
        Assert.Equal(3, a.GetProperty("count").GetInt32());
        Assert.Equal(44, a.GetProperty("grace_seconds").GetInt64());
        Assert.Equal(1197, a.GetProperty("list")[0].GetProperty("stop_checkpoint").GetInt64());
        var csv = CliRunner.Run("plan", config, "--time-limit", "4h", "--step-time", "12s", "--format", "csv");
        Assert.Contains("allocation,1,0,1196,1\n", csv.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("allocation,3,2394,2999,", csv.Out, StringComparison.Ordinal);
        var plain = CliRunner.Run("plan", config, "--format", "json");
        Assert.False(JsonDocument.Parse(plain.Out).RootElement.TryGetProperty("allocations", out _));
    }

    [Theory]
    [InlineData(new[] { "--step-time", "12s" }, "--step-time goes with --time-limit")]
    [InlineData(new[] { "--time-limit", "4h" }, "--time-limit needs the time of one update")]
    [InlineData(new[] { "--time-limit", "20s", "--step-time", "1s" }, "not longer than the 30 s grace period")]
    [InlineData(new[] { "--time-limit", "99:99", "--step-time", "1s" }, "--time-limit = 99:99: '99:99': seconds 99 out of range 0..59")]
    [InlineData(new[] { "--time-limit", "4h", "--step-time", "0s" }, "--step-time = 0s")]
    public void Bad_combinations_exit_2(string[] args, string fragment)
    {
        var (code, stdout, err) = CliRunner.Run(["plan", _t.Write("p.yaml", Yaml), .. args]);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains(fragment, err, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_reads_Slurm_time_forms_and_refuses_bad_ones()
    {
        var (code, _, err) = CliRunner.Run("train", _t.Write("p.yaml", Yaml), "--time-limit", "1:60:00");
        Assert.Equal(2, code);
        Assert.Contains("--time-limit = 1:60:00: '1:60:00': minutes 60 out of range 0..59 (HH:MM:SS)", err, StringComparison.Ordinal);
    }

    public void Dispose() => _t.Dispose();
}
