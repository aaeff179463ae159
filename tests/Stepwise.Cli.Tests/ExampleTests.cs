using System.Text.Json;

namespace Stepwise.Cli.Tests;

/// <summary>Every seed example in examples/ reproduces the seed's numbers through the real commands.</summary>
public class ExampleTests
{
    private static JsonElement Json(params string[] args)
    {
        var (code, stdout, stderr) = CliRunner.Run(args);
        Assert.True(code == 0, $"exit {code}: {stderr}");
        return JsonDocument.Parse(stdout).RootElement;
    }

    private static long[] Longs(JsonElement e) => e.EnumerateArray().Select(x => x.GetInt64()).ToArray();

    [Fact]
    public void Seed000_PlanJson_FiveWindows()
    {
        var j = Json("plan", CliRunner.Example("seed000-windows.yaml"), "--format", "json");
        Assert.Equal(63, j.GetProperty("steps_per_epoch").GetInt64());
        Assert.Equal(630, j.GetProperty("total_steps").GetInt64());
        Assert.Equal("10.0", j.GetProperty("epochs").GetRawText());
        Assert.Equal(16, j.GetProperty("samples_per_step").GetInt64());
        Assert.Equal(Enumerable.Range(1, 10).Select(e => 63L * e), Longs(j.GetProperty("epoch_ends")));
        var windows = j.GetProperty("windows").EnumerateArray().Select(w =>
            (w.GetProperty("stage").GetInt32(), w.GetProperty("start").GetInt64(), w.GetProperty("end").GetInt64())).ToArray();
        Assert.Equal(new[] { (1, 0L, 125L), (2, 126, 251), (3, 252, 377), (4, 378, 503), (5, 504, 629) }, windows);
        Assert.Equal(new long[] { 630 }, Longs(j.GetProperty("checkpoints")));
        Assert.Equal(new long[] { 630 }, Longs(j.GetProperty("evaluations")));
    }

    [Fact]
    public void Seed000_PlanText_WalksThroughTheCalculationLikeTheSeed()
    {
        var (code, stdout, _) = CliRunner.Run("plan", CliRunner.Example("seed000-windows.yaml"));
        Assert.Equal(0, code);
        foreach (string line in new[]
        {
            "Training samples: 1000",
            "Steps per epoch: ceil(1000/16) = 63 steps",
            "Total epochs: 10",
            "Total steps: 10 × 63 = 630 steps",
            "Stage 1: [0, 125] - 126 steps (~2.0 epochs)",
            "Stage 5: [504, 629] - 126 steps (~2.0 epochs)",
        })
        {
            Assert.Contains(line, stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Seed000_Verification_Windows()
    {
        var j = Json("windows", CliRunner.Example("seed000-verification.yaml"), "--format", "json");
        Assert.Equal(10, j.GetProperty("steps_per_epoch").GetInt64());
        Assert.Equal(20, j.GetProperty("total_steps").GetInt64());
        var w = j.GetProperty("windows").EnumerateArray().Select(x => (x.GetProperty("start").GetInt64(), x.GetProperty("end").GetInt64()));
        Assert.Equal(new[] { (0L, 9L), (10L, 19L) }, w);
    }

    [Fact]
    public void Seed001_66Checkpoints_600Evaluations()
    {
        var (code, stdout, stderr) = CliRunner.Run("plan", CliRunner.Example("seed001-dense-then-sparse.yaml"), "--format", "json");
        Assert.Equal(0, code);
        Assert.Contains("overrides", stderr, StringComparison.Ordinal);
        var j = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(1524, j.GetProperty("steps_per_epoch").GetInt64());
        Assert.Equal(3_000_000, j.GetProperty("total_steps").GetInt64());
        Assert.Equal(1969, j.GetProperty("epochs_ceil").GetInt64());
        Assert.Equal("1968.503937", j.GetProperty("epochs").GetRawText());
        var ck = Longs(j.GetProperty("checkpoints"));
        Assert.Equal(66, ck.Length);
        Assert.Equal(new long[] { 5000, 10000, 15000, 20000, 25000, 30000 }, ck.Take(6));
        Assert.Equal(Enumerable.Range(1, 60).Select(i => 50_000L * i), ck.Skip(6));
        Assert.Equal(600, j.GetProperty("evaluations").GetArrayLength());
        Assert.Equal(66, j.GetProperty("estimates").GetProperty("checkpoint_count").GetInt64());
    }

    [Fact]
    public void Seed003_FixedStepsPerEpoch()
    {
        var j = Json("plan", CliRunner.Example("seed003-fixed-steps.yaml"), "--format", "json");
        Assert.Equal(2000, j.GetProperty("steps_per_epoch").GetInt64());
        Assert.Equal(64_000, j.GetProperty("total_steps").GetInt64());
        Assert.Equal(4000, j.GetProperty("geometry").GetProperty("samples_per_epoch").GetInt64());
        Assert.Equal("1", j.GetProperty("coverage").GetRawText());
        Assert.Equal("24000", j.GetProperty("estimates").GetProperty("epoch_seconds").GetRawText());
        Assert.Equal(32, j.GetProperty("checkpoints").GetArrayLength());
    }

    [Fact]
    public void Seed003_RecordsTimesPatches()
    {
        var j = Json("plan", CliRunner.Example("seed003-records.yaml"), "--format", "json");
        Assert.Equal(6448, j.GetProperty("steps_per_epoch").GetInt64());
        Assert.Equal(12_896, j.GetProperty("geometry").GetProperty("samples_per_epoch").GetInt64());
    }

    [Fact]
    public void Seed003_TimeBudget()
    {
        var (code, stdout, stderr) = CliRunner.Run("plan", CliRunner.Example("seed003-time-budget.yaml"), "--format", "json");
        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        var j = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(2100, j.GetProperty("steps_per_epoch").GetInt64());
        Assert.Equal(2100, j.GetProperty("total_steps").GetInt64());
        Assert.Equal("time_budget", j.GetProperty("duration_source").GetString());
    }

    [Fact]
    public void Seed003_LongEpoch_WarnsOnStderr_Exit0()
    {
        var (code, stdout, stderr) = CliRunner.Run("plan", CliRunner.Example("seed003-records.yaml"));
        Assert.Equal(0, code);
        Assert.Contains("over 12 h", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("warning", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("seed004-example1.yaml", new long[] { 0, 17, 35, 52, 70, 87, 105, 122, 140, 157, 175, 192, 210, 227, 245, 262, 280, 297, 315, 333 },
        new long[] { 334, 336, 340, 348, 364, 396, 460, 588, 666 }, new long[] { 667, 669, 673, 681, 697, 729, 793, 921, 1000 })]
    [InlineData("seed004-example2.yaml", new long[] { 0, 83, 166, 249, 333 },
        new long[] { 334, 384, 434, 484, 534, 584, 634, 666 }, new long[] { 667, 717, 767, 817, 867, 917, 967, 1000 })]
    public void Seed004_Examples_ByEpoch(string file, long[] e1, long[] e2, long[] e3)
    {
        var j = Json("checkpoints", CliRunner.Example(file), "--total-steps", "1000", "--epochs", "3", "--format", "json");
        var groups = j.GetProperty("by_epoch").EnumerateArray().Select(Longs).ToArray();
        Assert.Equal(3, groups.Length);
        Assert.Equal(e1, groups[0]);
        Assert.Equal(e2, groups[1]);
        Assert.Equal(e3, groups[2]);
        Assert.Equal(e1.Concat(e2).Concat(e3), Longs(j.GetProperty("checkpoints")));
        Assert.Equal(new long[] { 333, 666, 1000 }, Longs(j.GetProperty("epoch_ends")));
    }

    [Fact]
    public void Seed004_TextOutput_GroupedByEpoch()
    {
        var (code, stdout, _) = CliRunner.Run("generate-checkpoints", CliRunner.Example("seed004-example2.yaml"), "--total-steps", "1000", "--epochs", "3");
        Assert.Equal(0, code);
        Assert.Contains("Epoch 1 (0-333): [0, 83, 166, 249, 333]", stdout, StringComparison.Ordinal);
        Assert.Contains("Epoch 2 (334-666): [334, 384, 434, 484, 534, 584, 634, 666]", stdout, StringComparison.Ordinal);
        Assert.Contains("Epoch 3 (667-1000): [667, 717, 767, 817, 867, 917, 967, 1000]", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Seed004_FlagsOverrideTheConfig_Example1BecomesExample2()
    {
        var j = Json("checkpoints", CliRunner.Example("seed004-example1.yaml"), "--total-steps", "1000", "--epochs", "3",
            "--first-epoch", "5", "--spacing", "linear", "--linear-interval", "50", "--format", "json");
        Assert.Equal(new long[] { 0, 83, 166, 249, 333 }, Longs(j.GetProperty("by_epoch")[0]));
        Assert.Equal(new long[] { 334, 384, 434, 484, 534, 584, 634, 666 }, Longs(j.GetProperty("by_epoch")[1]));
    }

    [Fact]
    public void Checkpoints_WithoutAnySchedule_UsesSeed004Defaults()
    {
        var j = Json("checkpoints", CliRunner.Example("seed000-windows.yaml"), "--format", "json");
        var first = Longs(j.GetProperty("by_epoch")[0]);
        Assert.Equal(20, first.Length); // first_epoch 20 spread over states 0..63
        Assert.Equal(new long[] { 64, 66, 70, 78, 94, 126 }, Longs(j.GetProperty("by_epoch")[1])); // log base 2
    }

    [Fact]
    public void Checkpoints_WithAConfiguredSchedule_KeepsIt()
    {
        var j = Json("checkpoints", CliRunner.Example("seed001-dense-then-sparse.yaml"), "--format", "json");
        Assert.Equal(66, j.GetProperty("checkpoints").GetArrayLength());
    }

    [Fact]
    public void Pythia_154()
    {
        var j = Json("plan", CliRunner.Example("pythia.yaml"), "--format", "json");
        var ck = Longs(j.GetProperty("checkpoints"));
        Assert.Equal(154, ck.Length);
        Assert.Equal(new long[] { 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1000 }, ck.Take(12));
    }

    [Fact]
    public void SetOverride_ChangesTheWindows()
    {
        var j = Json("windows", CliRunner.Example("seed000-windows.yaml"), "--set", "stages=2", "--format", "json");
        Assert.Equal(2, j.GetProperty("windows").GetArrayLength());
        var k = Json("windows", CliRunner.Example("seed000-windows.yaml"), "--stages", "3", "--format", "json");
        Assert.Equal(new long[] { 0, 210, 420 }, k.GetProperty("windows").EnumerateArray().Select(w => w.GetProperty("start").GetInt64()));
    }

    [Fact]
    public void WindowsText_TableShowsUpdatesAndStates()
    {
        var (code, stdout, _) = CliRunner.Run("windows", CliRunner.Example("seed000-windows.yaml"));
        Assert.Equal(0, code);
        string row = stdout.Split('\n').Single(l => l.Contains("[504, 629]", StringComparison.Ordinal));
        Assert.Contains("126", row, StringComparison.Ordinal);
        Assert.Contains("2.0", row, StringComparison.Ordinal);
        Assert.Contains("504 → 630", row, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_HasHeaderAndEveryEvent()
    {
        var (code, stdout, _) = CliRunner.Run("plan", CliRunner.Example("seed000-windows.yaml"), "--format", "csv");
        Assert.Equal(0, code);
        string[] lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("kind,stage,start,end,epoch", lines[0]);
        Assert.Contains("window,1,0,125,1", lines);
        Assert.Contains("window,5,504,629,9", lines);
        Assert.Contains("epoch_end,,630,630,10", lines);
        Assert.Contains("checkpoint,,630,630,10", lines);
        Assert.Equal(1 + 5 + 10 + 1 + 1, lines.Length);
    }

    [Fact]
    public void Help_GoesToStdout_Exit0()
    {
        var (code, stdout, stderr) = CliRunner.Run("--help");
        Assert.Equal(0, code);
        Assert.Contains("plan", stdout, StringComparison.Ordinal);
        Assert.Contains("checkpoints", stdout, StringComparison.Ordinal);
        Assert.Contains("windows", stdout, StringComparison.Ordinal);
        Assert.Equal("", stderr);
    }

    [Fact]
    public void Json_RefusesListsOver10MillionEntries()
    {
        using var dir = new TempDir();
        string path = dir.Write("big.yaml", "data: { steps_per_epoch: 1000000 }\nbatch: { size: 1 }\nduration: { max_steps: 20000000 }\ncheckpoints: { every: 1 }\n");
        var (code, stdout, stderr) = CliRunner.Run("plan", path, "--format", "json");
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("checkpoints: 20,000,000 entries, more than the 10,000,000", stderr, StringComparison.Ordinal);
        var (textCode, text, _) = CliRunner.Run("plan", path);
        Assert.Equal(0, textCode);
        Assert.Contains("Checkpoints: 20000000", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Aliases_HuggingFaceAndSeedNames_MeanTheCanonicalKeys()
    {
        using var dir = new TempDir();
        string hf = dir.Write("hf.yaml", "train_count: 1000\nper_device_train_batch_size: 16\ngradient_accumulation_steps: 2\nnum_train_epochs: 3\nsave_steps: 10\neval_steps: 20\nsave_total_limit: 2\n");
        var j = Json("plan", hf, "--format", "json");
        Assert.Equal(32, j.GetProperty("steps_per_epoch").GetInt64()); // ceil(ceil(1000/16)/2) = ceil(63/2)
        Assert.Equal(96, j.GetProperty("total_steps").GetInt64());
        Assert.Equal(10, Longs(j.GetProperty("checkpoints"))[0]);
        Assert.Equal(2, j.GetProperty("estimates").GetProperty("keep_last").GetInt64());
    }
}
