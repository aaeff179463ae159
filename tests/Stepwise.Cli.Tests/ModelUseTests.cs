using System.Globalization;
using System.Text;

namespace Stepwise.Cli.Tests;

/// <summary>Using what was trained (issue 13): predict, generate, export, and evaluate/measure as CSV.</summary>
public class ModelUseTests
{
    private const string Tabular = """
        seed: 4
        data: { source: csv, path: flowers.csv, label: kind, splits: { val: 0.25 } }
        model: { kind: mlp, hidden: [8] }
        optimizer: { kind: sgd, lr: 0.2, momentum: 0.9 }
        batch: { size: 16 }
        duration: { epochs: 20 }
        checkpoints: { every: 1000 }
        """;

    private const string Text = """
        seed: 1
        data: { source: text, context: 16, n: 96, splits: { val: 0.25 } }
        model: { kind: tiny_gpt, layers: 1, heads: 2, width: 16 }
        optimizer: { kind: adamw, lr: 0.01 }
        batch: { size: 8 }
        duration: { max_steps: 30 }
        """;

    /// <summary>Two well-separated classes named by strings, with standardized features on different scales.</summary>
    private static string Flowers(int n, bool shuffleColumns)
    {
        var rng = new Random(7);
        var sb = new StringBuilder(shuffleColumns ? "id,kind,petal,width\n" : "petal,width,kind\n");
        for (int i = 0; i < n; i++)
        {
            bool rose = i % 2 == 0;
            double petal = (rose ? 10 : 14) + rng.NextDouble() * 3, width = (rose ? 0.1 : 0.4) + rng.NextDouble() * 0.2;
            string kind = rose ? "rose" : "tulip";
            sb.Append(shuffleColumns
                ? string.Create(CultureInfo.InvariantCulture, $"{i},{kind},{petal:R},{width:R}\n")
                : string.Create(CultureInfo.InvariantCulture, $"{petal:R},{width:R},{kind}\n"));
        }
        return sb.ToString();
    }

    [Fact]
    public void Predict_reads_features_by_name_scales_them_as_in_training_and_names_the_classes()
    {
        using var t = new TempDir();
        t.Write("flowers.csv", Flowers(160, shuffleColumns: false));
        string run = Path.Combine(t.Path, "run");
        var (code, _, err) = CliRunner.Run("train", t.Write("c.yaml", Tabular), "--out", run, "--quiet");
        Assert.True(code == 0, err);
        string ckpt = Directory.GetDirectories(run, "checkpoint_step_*").Single();
        string other = t.Write("new.csv", Flowers(40, shuffleColumns: true).Replace("kind", "label", StringComparison.Ordinal));
        var (pc, output, perr) = CliRunner.Run("predict", ckpt, "--data", other);
        Assert.True(pc == 0, perr);
        var lines = output.TrimEnd().Split('\n');
        Assert.Equal("line,class,p_rose,p_tulip,label,correct", lines[0]);
        Assert.Equal(41, lines.Length);
        foreach (string l in lines[1..])
        {
            var cells = l.Split(',');
            double p = double.Parse(cells[2], CultureInfo.InvariantCulture) + double.Parse(cells[3], CultureInfo.InvariantCulture);
            Assert.Equal(1.0, p, 12);
            Assert.Contains(cells[1], new[] { "rose", "tulip" });
        }
        Assert.True(lines.Count(l => l.EndsWith(",true", StringComparison.Ordinal)) >= 38, output);   // separable classes
        Assert.Contains("accuracy", perr, StringComparison.Ordinal);
        // predicting the training file itself reproduces evaluate's counts exactly
        var (ac, all, _) = CliRunner.Run("predict", ckpt, "--data", Path.Combine(t.Path, "flowers.csv"), "--label", "kind", "--format", "json");
        Assert.Equal(0, ac);
        int correct = System.Text.Json.JsonDocument.Parse(all).RootElement.EnumerateArray().Count(e => e.GetProperty("correct").GetBoolean());
        var (tc, text, _) = CliRunner.Run("evaluate", ckpt);
        Assert.Equal(0, tc);
        Assert.Contains("classes: 0 = rose, 1 = tulip", text, StringComparison.Ordinal);
        var (ec, eval, _) = CliRunner.Run("evaluate", ckpt, "--format", "csv");
        Assert.Equal(0, ec);
        var rows = eval.TrimEnd().Split('\n')[1..].Select(l => l.Split(',')).ToList();
        Assert.Equal("checkpoint,step,split,loss,accuracy,count", eval.Split('\n')[0]);
        double fromEvaluate = rows.Sum(r => double.Parse(r[4], CultureInfo.InvariantCulture) * long.Parse(r[5], CultureInfo.InvariantCulture));
        Assert.Equal(fromEvaluate, correct, 6);
        // a column the model needs is missing: one line, exit 2
        string bad = t.Write("bad.csv", "petal,widht\n1,2\n");
        var (bc, _, berr) = CliRunner.Run("predict", ckpt, "--data", bad);
        Assert.Equal(2, bc);
        Assert.Contains("no column 'width' (did you mean 'widht'?)", berr, StringComparison.Ordinal);
        Assert.Single(berr.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Generate_continues_a_prompt_greedily_or_with_a_seeded_sample_and_export_writes_hf_and_torch_layouts()
    {
        using var t = new TempDir();
        string run = Path.Combine(t.Path, "gpt");
        var (code, _, err) = CliRunner.Run("train", t.Write("t.yaml", Text), "--out", run, "--quiet");
        Assert.True(code == 0, err);
        string ckpt = Path.Combine(run, "checkpoint_step_30");
        var (g1, a, e1) = CliRunner.Run("generate", ckpt, "--prompt", "the ", "--tokens", "20");
        var (_, b, _) = CliRunner.Run("generate", ckpt, "--prompt", "the ", "--tokens", "20");
        Assert.True(g1 == 0, e1);
        Assert.StartsWith("the ", a, StringComparison.Ordinal);
        Assert.Equal(a, b);
        var (_, s1, _) = CliRunner.Run("generate", ckpt, "--prompt", "the ", "--tokens", "20", "--temperature", "1.5", "--seed", "3");
        var (_, s2, _) = CliRunner.Run("generate", ckpt, "--prompt", "the ", "--tokens", "20", "--temperature", "1.5", "--seed", "3");
        Assert.Equal(s1, s2);
        var (bt, _, btErr) = CliRunner.Run("generate", ckpt, "--prompt", "x", "--top-k", "-1");
        Assert.Equal(2, bt);
        Assert.Contains("--top-k = -1", btErr, StringComparison.Ordinal);

        var (x1, files, xe) = CliRunner.Run("export", ckpt, "--to", "hf", Path.Combine(t.Path, "hf"));
        Assert.True(x1 == 0, xe);
        Assert.Contains("config.json", files, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(t.Path, "hf", "model.safetensors")));
        var (x2, _, x2e) = CliRunner.Run("export", ckpt, "--to", "torch", Path.Combine(t.Path, "torch"));
        Assert.Equal(2, x2);
        Assert.Contains("export it with --to hf", x2e, StringComparison.Ordinal);
        var (x3, _, x3e) = CliRunner.Run("export", ckpt, "--to", "hf", Path.Combine(t.Path, "hf"));
        Assert.Equal(2, x3);                       // not empty: nothing overwritten
        Assert.Single(x3e.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Measure_writes_csv_and_a_format_a_command_does_not_have_is_refused()
    {
        using var t = new TempDir();
        string cfg = t.Write("a.yaml", TrainCommandTests.Small);
        var (code, output, err) = CliRunner.Run("measure", cfg, "--steps", "5", "--warmup", "1", "--format", "csv");
        Assert.True(code == 0, err);
        var lines = output.TrimEnd().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("steps_timed,step_seconds_median,", lines[0], StringComparison.Ordinal);
        Assert.Equal(lines[0].Split(',').Length, lines[1].Split(',').Length);
        var (pc, _, perr) = CliRunner.Run("predict", "x", "--data", "y", "--format", "text");
        Assert.Equal(2, pc);
        Assert.Contains("--format = text: not a format of this command; allowed: csv, json", perr, StringComparison.Ordinal);
    }
}
