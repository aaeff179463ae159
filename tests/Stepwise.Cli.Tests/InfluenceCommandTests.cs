using System.Globalization;
using System.Text.Json;
using Stepwise.Config;
using Stepwise.Training.Loop;
using Stepwise.Training.Setup;

namespace Stepwise.Cli.Tests;

/// <summary><c>stepwise batches</c> and <c>stepwise influence</c> through the CLI: the batches are exactly those training
/// used (seen through an update hook), the influence outputs carry the contract's columns and the sign rule, exit codes
/// 0, 2 (nothing written) and 3.</summary>
public class InfluenceCommandTests
{
    private const string Noisy = """
        seed: 2
        data: { source: digits, n: 250, label_noise: 0.3, splits: { val: 0.2 } }
        model: { kind: logreg }
        optimizer: { kind: adamw, lr: 0.01 }
        lr_schedule: { kind: cosine, warmup_steps: 5 }
        batch: { size: 16 }
        duration: { epochs: 5 }
        stages: 3
        influence: { record: true }
        """;

    // two ranks with padding, accumulation with partial windows, and a TinyGpt whose weights are token counts
    private const string Ranks = """
        seed: 5
        data: { source: blobs, n: 301, features: 6, classes: 3, splits: { val: 0.1 } }
        model: { kind: mlp, hidden: [8] }
        batch: { size: 8, grad_accum: 3, world_size: 2 }
        duration: { max_steps: 20 }
        """;

    private const string Gpt = """
        seed: 1
        data: { source: text, context: 16, n: 96, splits: { val: 0.25 } }
        model: { kind: tiny_gpt, layers: 1, heads: 2, width: 16 }
        batch: { size: 8, grad_accum: 2 }
        duration: { max_steps: 12 }
        """;

    private sealed class Counting : IUpdateHook
    {
        public List<(long Update, long[] Rows, float[] Weights, float Lr)> Seen { get; } = [];

        public void AfterUpdate(in UpdateRecord u) => Seen.Add((u.Update.Value, u.Rows.ToArray(), u.GradientWeights.ToArray(), u.LearningRate));
    }

    private static string Train(TempDir t, string yaml, IUpdateHook? hook = null)
    {
        var node = YamlConfigReader.ReadText(yaml, "t.yaml");
        var (setup, errors) = RunSetup.Create(node.Value, t.Path);
        Assert.True(setup is not null, string.Join("; ", errors));
        string dir = Path.Combine(t.Path, "run-" + Guid.NewGuid().ToString("N")[..6]);
        var trainer = new Trainer(setup!, new TrainerOptions { RunDirectory = dir, Hooks = hook is null ? [] : [hook] });
        Assert.Equal(TrainOutcome.Completed, trainer.Run());
        return dir;
    }

    [Theory]
    [InlineData(Noisy)]
    [InlineData(Ranks)]
    [InlineData(Gpt)]
    public void Batches_lists_exactly_the_rows_weights_and_rates_training_used(string yaml)
    {
        using var t = new TempDir();
        var hook = new Counting();
        string dir = Train(t, yaml, hook);
        var (code, output, err) = CliRunner.Run("batches", dir, "--format", "csv");
        Assert.True(code == 0, err);
        string[] lines = output.TrimEnd().Split('\n');
        Assert.Equal("update,epoch,rank,micro,sample,source_row,weight,lr", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).GroupBy(c => long.Parse(c[0], CultureInfo.InvariantCulture)).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(hook.Seen.Count, rows.Count);
        foreach (var (update, used, weights, lr) in hook.Seen)
        {
            var listed = rows[update];
            Assert.Equal(used, listed.Select(c => long.Parse(c[4], CultureInfo.InvariantCulture)));
            Assert.Equal(weights, listed.Select(c => float.Parse(c[6], CultureInfo.InvariantCulture)));
            Assert.All(listed, c => Assert.Equal(lr, float.Parse(c[7], CultureInfo.InvariantCulture)));
        }
        var (wc, window, _) = CliRunner.Run("batches", dir, "--window", "2:3", "--format", "json");
        Assert.Equal(0, wc);
        using var doc = JsonDocument.Parse(window);
        Assert.Equal([2L, 3L], doc.RootElement.GetProperty("updates").EnumerateArray().Select(u => u.GetProperty("update").GetInt64()));
    }

    [Fact]
    public void Influence_prints_the_contracts_columns_and_the_sign_rule_in_every_format()
    {
        using var t = new TempDir();
        string dir = Train(t, Noisy);
        var (code, text, err) = CliRunner.Run("influence", dir, "--stages", "3", "--verify", "5", "--top", "3");
        Assert.True(code == 0, err);
        Assert.Contains("Sign: I_j = L_val(j removed from the window's updates) − L_val(as trained), linearized; positive = j helped", text, StringComparison.Ordinal);
        Assert.Contains("Steps per epoch: ceil(200/16) = 13 steps", text, StringComparison.Ordinal);
        Assert.Contains("Windows: the plan's 3 stages, floor(65/3) = 21 updates each", text, StringComparison.Ordinal);
        Assert.Contains("Leave-one-out check (5 samples", text, StringComparison.Ordinal);
        Assert.Contains("of the lowest-scored 10 %", text, StringComparison.Ordinal);
        Assert.Contains("Spearman correlation between windows", text, StringComparison.Ordinal);

        var (cc, csv, cerr) = CliRunner.Run("influence", dir, "--windows", "0:20,21:41", "--format", "csv");
        Assert.Equal(0, cc);
        Assert.Contains("positive = removing j would raise the query loss (j helped)", cerr, StringComparison.Ordinal);
        string[] lines = csv.TrimEnd().Split('\n');
        Assert.Equal("window_start,window_end,sample,source_row,label,influence,rank,in_window,noisy", lines[0]);
        Assert.Equal(1 + 2 * 200, lines.Length);
        var cells = lines[1].Split(',');
        Assert.Equal(["0", "20", "0"], cells[..3]);
        Assert.Contains(cells[8], new[] { "0", "1" });
        Assert.Equal(60, lines.Skip(1).Count(l => l.Split(',')[8] == "1") / 2);   // 30 % of 200 flipped

        var (jc, json, _) = CliRunner.Run("influence", dir, "--window", "21:41", "--measure-at", "end", "--format", "json");
        Assert.Equal(0, jc);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.StartsWith("influence I_j = L_query(sample j removed", root.GetProperty("sign").GetString(), StringComparison.Ordinal);
        Assert.Equal("end", root.GetProperty("measure_at").GetString());
        var w = root.GetProperty("windows")[0];
        Assert.Equal(65, w.GetProperty("measured_at").GetInt64());
        Assert.Equal(200, w.GetProperty("samples").GetArrayLength());
    }

    [Fact]
    public void Influence_writes_out_files_atomically_and_bad_input_writes_nothing()
    {
        using var t = new TempDir();
        string dir = Train(t, Noisy);
        string file = Path.Combine(t.Path, "scores.csv");
        var (code, output, err) = CliRunner.Run("influence", dir, "--stages", "3", "--format", "csv", "--out", file);
        Assert.True(code == 0, err);
        Assert.Equal($"wrote {file}", output.Trim());
        Assert.StartsWith("window_start,", File.ReadAllText(file), StringComparison.Ordinal);
        Assert.False(File.Exists(file + ".partial"));

        string[] entries = Directory.GetFileSystemEntries(t.Path, "*", SearchOption.AllDirectories);
        foreach (string[] args in new[]
        {
            new[] { "influence", dir, "--window", "0:65" },
            ["influence", dir, "--window", "9:3"],
            ["influence", dir, "--window", "0:5", "--windows", "1:2"],
            ["influence", dir, "--stages", "3", "--query", "vall"],
            ["influence", dir, "--stages", "x"],
            ["influence", dir, "--stages", "3", "--precision", "half"],
            ["influence", dir, "--stages", "3", "--time-limit", "soon"],
            ["batches", dir, "--window", "0:99"],
        })
        {
            string[] all = args[0] == "influence" ? [.. args, "--out", Path.Combine(t.Path, "bad.csv")] : args;
            var (c, o, e) = CliRunner.Run(all);
            Assert.True(c == 2, string.Join(" ", args) + ": " + e);
            Assert.Equal("", o);
            Assert.Single(e.Trim().Split('\n'), l => l.StartsWith("stepwise: error:", StringComparison.Ordinal));
            Assert.Equal(entries, Directory.GetFileSystemEntries(t.Path, "*", SearchOption.AllDirectories));
        }
    }

    [Fact]
    public void A_time_limit_stops_with_exit_3_and_the_same_command_resumes()
    {
        using var t = new TempDir();
        string dir = Train(t, Noisy);
        var (code, output, err) = CliRunner.Run("influence", dir, "--stages", "3", "--time-limit", "0.001s");
        Assert.Equal(3, code);
        Assert.Equal("stopped 0/3 windows", output.Trim());
        Assert.Contains("run the same command again to resume", err, StringComparison.Ordinal);
        var (again, _, againErr) = CliRunner.Run("influence", dir, "--stages", "3");
        Assert.True(again == 0, againErr);
        Assert.False(File.Exists(Path.Combine(dir, "influence.partial")));
    }

    [Fact]
    public void The_seed000_influence_example_trains_and_influence_and_batches_print_what_the_issue_describes()
    {
        using var t = new TempDir();
        string run = Path.Combine(t.Path, "tim");
        var (tc, _, terr) = CliRunner.Run("train", CliRunner.Example("seed000-influence.yaml"), "--out", run, "--quiet");
        Assert.True(tc == 0, terr);
        string verify = Environment.GetEnvironmentVariable("STEPWISE_FULL") == "1" ? "50" : "10";
        var (code, text, err) = CliRunner.Run("influence", run, "--stages", "5", "--verify", verify, "--top", "5");
        Assert.True(code == 0, err);
        Assert.Contains("Steps per epoch: ceil(1000/16) = 63 steps", text, StringComparison.Ordinal);
        Assert.Contains("Total steps: 10 × 63 = 630 steps", text, StringComparison.Ordinal);
        foreach (string w in new[] { "[0, 125]", "[126, 251]", "[252, 377]", "[378, 503]", "[504, 629]" })
            Assert.Contains($"{w}: val loss", text, StringComparison.Ordinal);
        var spearman = System.Text.RegularExpressions.Regex.Matches(text, @"Spearman (-?[0-9.]+), Kendall").Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(5, spearman.Count);
        Assert.All(spearman, r => Assert.True(r >= 0.9, $"Spearman {r}"));
        var lowest = System.Text.RegularExpressions.Regex.Matches(text, @"([0-9.]+) % of the lowest-scored 10 %").Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(5, lowest.Count);
        Assert.All(lowest, share => Assert.True(share > 60, $"noisy among the lowest 10 %: {share} %")); // 30 % of all samples are noisy
        Assert.Contains("Spearman correlation between windows", text, StringComparison.Ordinal);

        var (bc, batches, berr) = CliRunner.Run("batches", run, "--window", "0:9");
        Assert.True(bc == 0, berr);
        Assert.Equal(10, batches.Split('\n').Count(l => l.StartsWith("update ", StringComparison.Ordinal)));
        Assert.Contains("update 9 (epoch 0, lr 0.002):", batches, StringComparison.Ordinal);
    }
}
