using System.Text.Json;

namespace Stepwise.Cli.Tests;

/// <summary>
/// The planning commands' shared contract, in memory: the JSON fields of issue 2 in every command, CSV from every
/// command, the 10-million-entry refusal, HF warmup aliases in a plan-only config, and training configs still planned
/// by the trainer's RunSetup.
/// </summary>
public class PlanningContractTests
{
    private static readonly string[] ContractFields =
        ["steps_per_epoch", "total_steps", "epochs", "samples_per_step", "epoch_ends", "windows", "checkpoints", "evaluations"];

    private static JsonElement Json(params string[] args)
    {
        var (code, stdout, stderr) = CliRunner.Run(args);
        Assert.True(code == 0, $"exit {code}: {stderr}");
        return JsonDocument.Parse(stdout).RootElement;
    }

    public static TheoryData<string[]> JsonCommands() => new()
    {
        { new[] { "plan", "seed000-windows.yaml" } },
        { new[] { "windows", "seed000-windows.yaml" } },
        { new[] { "checkpoints", "seed000-windows.yaml" } },
        { new[] { "checkpoints", "seed004-example1.yaml", "--total-steps", "1000", "--epochs", "3" } },
        { new[] { "generate-checkpoints", "seed001-dense-then-sparse.yaml" } },
        { new[] { "plan", "seed003-fixed-steps.yaml" } },
    };

    [Theory]
    [MemberData(nameof(JsonCommands))]
    public void Json_EveryPlanningCommand_WritesTheContractFieldsFirst_InOrder(string[] args)
    {
        var full = args.Select((a, i) => i == 1 ? CliRunner.Example(a) : a).Concat(["--format", "json"]).ToArray();
        var j = Json(full);
        var names = j.EnumerateObject().Select(p => p.Name).Where(n => n != "epochs_ceil").Take(ContractFields.Length);
        Assert.Equal(ContractFields, names);
        Assert.Equal(JsonValueKind.Number, j.GetProperty("epochs").ValueKind);
        Assert.Equal(args[0] != "plan" && args[0] != "windows", j.TryGetProperty("by_epoch", out _));
        foreach (var w in j.GetProperty("windows").EnumerateArray())
        {
            Assert.Equal(new[] { "stage", "start", "end" }, w.EnumerateObject().Select(p => p.Name).Take(3));
        }
    }

    [Fact]
    public void Json_ByEpoch_HasOneListPerEpoch_AndTogetherTheCheckpoints()
    {
        var j = Json("checkpoints", CliRunner.Example("seed001-dense-then-sparse.yaml"), "--format", "json");
        var groups = j.GetProperty("by_epoch").EnumerateArray().ToArray();
        Assert.Equal(1969, groups.Length);
        Assert.Equal(j.GetProperty("checkpoints").EnumerateArray().Select(x => x.GetInt64()),
            groups.SelectMany(g => g.EnumerateArray()).Select(x => x.GetInt64()));
    }

    [Fact]
    public void Json_TotalStepsOverEpochs_HasNullSamplesPerStep()
    {
        var j = Json("checkpoints", CliRunner.Example("seed004-example2.yaml"), "--total-steps", "1000", "--epochs", "3", "--format", "json");
        Assert.Equal(JsonValueKind.Null, j.GetProperty("samples_per_step").ValueKind);
        Assert.Equal(333, j.GetProperty("steps_per_epoch").GetInt64());
        Assert.Equal("3.0", j.GetProperty("epochs").GetRawText());
        Assert.Equal("total_steps_over_epochs", j.GetProperty("geometry").GetProperty("kind").GetString());
    }

    [Fact]
    public void Csv_Checkpoints_OneRowPerCheckpointWithItsEpoch()
    {
        var (code, stdout, _) = CliRunner.Run("checkpoints", CliRunner.Example("seed004-example2.yaml"), "--total-steps", "1000", "--epochs", "3", "--format", "csv");
        Assert.Equal(0, code);
        string[] lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("kind,stage,start,end,epoch", lines[0]);
        Assert.Equal(1 + 21, lines.Length);
        Assert.Equal("checkpoint,,0,0,1", lines[1]);
        Assert.Contains("checkpoint,,333,333,1", lines);
        Assert.Contains("checkpoint,,334,334,2", lines);
        Assert.Equal("checkpoint,,1000,1000,3", lines[^1]);
    }

    [Fact]
    public void Csv_Windows_OneRowPerStage()
    {
        var (code, stdout, _) = CliRunner.Run("windows", CliRunner.Example("seed000-windows.yaml"), "--format", "csv");
        Assert.Equal(0, code);
        Assert.Equal(
            ["stage,start,end,length,epochs", "1,0,125,126,2", "2,126,251,126,2", "3,252,377,126,2", "4,378,503,126,2", "5,504,629,126,2"],
            stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Csv_Plan_Seed001_HasEveryEvent()
    {
        var (code, stdout, _) = CliRunner.Run("plan", CliRunner.Example("seed001-dense-then-sparse.yaml"), "--format", "csv");
        Assert.Equal(0, code);
        string[] lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(66, lines.Count(l => l.StartsWith("checkpoint,", StringComparison.Ordinal)));
        Assert.Equal(600, lines.Count(l => l.StartsWith("evaluation,", StringComparison.Ordinal)));
        Assert.Equal(1969, lines.Count(l => l.StartsWith("epoch_end,", StringComparison.Ordinal)));
        Assert.Contains("epoch_end,,3000000,3000000,1969", lines);
    }

    [Theory]
    [InlineData("checkpoints: { every: 1 }\n", "checkpoints: 20,000,000 entries")]
    [InlineData("eval: { every: 1 }\n", "evaluations: 20,000,000 entries")]
    public void Json_RefusesAPerStepScheduleOver10MillionEntries_Exit2_NothingOnStdout(string schedule, string message)
    {
        using var dir = new TempDir();
        string path = dir.Write("big.yaml", "data: { steps_per_epoch: 1000000 }\nbatch: { size: 1 }\nduration: { max_steps: 20000000 }\n" + schedule);
        foreach (string command in new[] { "plan", "windows --stages 2", "checkpoints" })
        {
            string[] words = command.Split(' ');
            string[] args = [words[0], path, .. words.Skip(1), "--format", "json"];
            var (code, stdout, stderr) = CliRunner.Run(args);
            Assert.True(code == 2, $"{command}: exit {code}");
            Assert.Equal("", stdout);
            Assert.Contains(message, stderr, StringComparison.Ordinal);
            Assert.Contains("more than the 10,000,000 a JSON listing allows", stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Json_RefusesOver10MillionEpochEnds_TextStillWorks()
    {
        using var dir = new TempDir();
        string over = dir.Write("over.yaml", "data: { steps_per_epoch: 1 }\nbatch: { size: 1 }\nduration: { max_steps: 10000001 }\n");
        var (code, stdout, stderr) = CliRunner.Run("plan", over, "--format", "json");
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("epoch_ends: 10,000,001 entries", stderr, StringComparison.Ordinal);
        var (textCode, text, _) = CliRunner.Run("plan", over);
        Assert.Equal(0, textCode);
        Assert.Contains("Total steps: 10000001", text, StringComparison.Ordinal);
    }

    [Fact]
    public void HuggingFaceWarmupAliases_AreAcceptedInAPlanOnlyConfig_AndDoNotChangeThePlan()
    {
        using var dir = new TempDir();
        string baseline = "data: { train_size: 1000 }\nper_device_train_batch_size: 16\nnum_train_epochs: 10\n";
        var plain = Json("plan", dir.Write("a.yaml", baseline), "--format", "json");
        foreach (string warmup in new[] { "warmup_steps: 63\n", "warmup_steps: 1ep\n", "warmup_ratio: 0.1\n", "lr_scheduler_type: linear\nwarmup_ratio: 0.01\n" })
        {
            var (code, stdout, stderr) = CliRunner.Run("plan", dir.Write("b.yaml", baseline + warmup), "--format", "json");
            Assert.True(code == 0, $"{warmup}: exit {code}: {stderr}");
            Assert.Equal(plain.GetRawText(), JsonDocument.Parse(stdout).RootElement.GetRawText());
        }
    }

    [Fact]
    public void TrainingConfig_WithDataSource_IsPlannedByTheTrainersRunSetup()
    {
        // examples/quickstart.yaml has data.source: digits (1,797 samples, 60/20/20 split): the train size comes from
        // the data, exactly as `stepwise train` computes it, not from a data.train_size key.
        var j = Json("plan", CliRunner.Example("quickstart.yaml"), "--format", "json");
        long n = j.GetProperty("geometry").GetProperty("train_size").GetInt64();
        Assert.True(n > 0);
        Assert.Equal((n + 31) / 32, j.GetProperty("steps_per_epoch").GetInt64());
        Assert.Equal(10 * j.GetProperty("steps_per_epoch").GetInt64(), j.GetProperty("total_steps").GetInt64());
    }
    [Fact]
    public void SetOverride_ReplacesTheKeyUnderAnySpelling()
    {
        // examples/seed004-example1.yaml writes training.first_epoch_checkpoints: 20; --set checkpoints.first_epoch=5 wins.
        var j = Json("checkpoints", CliRunner.Example("seed004-example1.yaml"), "--total-steps", "1000", "--epochs", "3",
            "--set", "checkpoints.first_epoch=5", "--format", "json");
        Assert.Equal(new long[] { 0, 83, 166, 249, 333 }, j.GetProperty("by_epoch")[0].EnumerateArray().Select(x => x.GetInt64()));
        var k = Json("plan", CliRunner.Example("seed001-dense-then-sparse.yaml"), "--set", "duration.max_steps=600000", "--format", "json");
        Assert.Equal(600_000, k.GetProperty("total_steps").GetInt64());
        Assert.Equal(6 + 12, k.GetProperty("checkpoints").GetArrayLength()); // 5k..30k, then 50k..600k (T itself is a multiple)
    }

    [Fact]
    public void LowCoverage_WarnsOnStderr_Exit0_ResultsUnchangedOnStdout()
    {
        using var dir = new TempDir();
        string path = dir.Write("low.yaml", "data: { steps_per_epoch: 1000, unique_samples: 5000 }\nbatch: { size: 2 }\nduration: { epochs: 2 }\n");
        var (code, stdout, stderr) = CliRunner.Run("plan", path, "--format", "json");
        Assert.Equal(0, code);
        Assert.Contains("stepwise: warning: coverage is 40.0 %", stderr, StringComparison.Ordinal);
        var j = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("0.4", j.GetProperty("coverage").GetRawText());
        Assert.Contains("coverage", j.GetProperty("warnings")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void NoCheckpointKeys_OnlyTheFinalStep_NoStages_EmptyWindows()
    {
        using var dir = new TempDir();
        var j = Json("plan", dir.Write("min.yaml", "data: { train_size: 1000 }\nbatch: { size: 16 }\nduration: { epochs: 10 }\n"), "--format", "json");
        Assert.Equal(new long[] { 630 }, j.GetProperty("checkpoints").EnumerateArray().Select(x => x.GetInt64()));
        Assert.Equal(new long[] { 630 }, j.GetProperty("evaluations").EnumerateArray().Select(x => x.GetInt64()));
        Assert.Equal(0, j.GetProperty("windows").GetArrayLength());
    }

    [Fact]
    public void WallClockIntervals_ConvertThroughStepTime_FloorOfSecondsOverStepTime()
    {
        // Seed 003's fixed-steps example at 12 s per step: every 1 h = floor(3600 / 12) = 300 steps; at 7 h = step 2,100.
        var j = Json("plan", CliRunner.Example("seed003-fixed-steps.yaml"), "--set", "checkpoints.every=1h", "--set", "eval.at=[7h]",
            "--set", "eval.at_epoch_end=false", "--format", "json");
        long[] ck = j.GetProperty("checkpoints").EnumerateArray().Select(x => x.GetInt64()).ToArray();
        Assert.Equal(new long[] { 300, 600, 900, 1200, 1500, 1800, 2000, 2100 }, ck.Take(8));
        Assert.Equal(new long[] { 2100, 64_000 }, j.GetProperty("evaluations").EnumerateArray().Select(x => x.GetInt64()));
    }

    [Fact]
    public void Checkpoints_OnlyACheckpointsSection_WithoutTotalSteps_Exit2_WithAHint()
    {
        var (code, stdout, stderr) = CliRunner.Run("checkpoints", CliRunner.Example("seed004-example2.yaml"));
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("stepwise: error: batch.size: missing", stderr, StringComparison.Ordinal);
        Assert.Contains("needs --total-steps T --epochs E", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(25_200, "7 h 0 min")]
    [InlineData(24_000, "6 h 40 min")]
    [InlineData(77_376, "21 h 30 min")] // seed 003: 6,448 steps × 12 s
    [InlineData(7_199, "2 h 0 min")]   // rounds to whole minutes once, never "1 h 60 min"
    [InlineData(3_570, "59.5 min")]
    [InlineData(12, "12 s")]
    [InlineData(768_000, "8.9 d (213.3 h)")]
    public void PlanText_Duration_IsReadableAndRoundsOnce(int seconds, string expected) =>
        Assert.Equal(expected, Output.PlanText.Duration(seconds));
}
