using System.Diagnostics;
using System.Text;

namespace Stepwise.Cli.Tests;

/// <summary>
/// <c>stepwise slurm</c>'s scripts against golden files (tests/Stepwise.Cli.Tests/Golden/Slurm; STEPWISE_UPDATE_GOLDEN=1
/// rewrites them): a single run, an array, a sweep cross product, quoting of paths and values with spaces and quotes.
/// The temporary folder is written <c>@OUT@</c> in the golden text. Every script also passes <c>bash -n</c>.
/// </summary>
public sealed class SlurmScriptTests : IDisposable
{
    private const string Yaml = """
        name: quick
        seed: 1
        data: { source: digits, splits: { val: 0.2 } }
        model: { kind: mlp, hidden: [16] }
        batch: { size: 32 }
        duration: { max_steps: 60 }
        eval: { every: 20 }
        checkpoints: { every: 20 }
        """;

    // Figures given, so the grace is the rule's and nothing is measured: ceil(2 × 12 + 1.5 × 20 + 1.5 × 3 + 20) = 79 s.
    private static readonly string[] Figures = ["--step-time", "12s", "--eval-time", "20s", "--save-time", "3s", "--stepwise", "stepwise"];

    private readonly TempDir _t = new();

    private static string GoldenPath(string name) => Path.Combine(CliRunner.RepoRoot, "tests", "Stepwise.Cli.Tests", "Golden", "Slurm", name);

    private string Script(string name, string config, params string[] args)
    {
        string @out = Path.Combine(_t.Path, "out");
        var (code, stdout, err) = CliRunner.Run(["slurm", config, "--out", @out, .. Figures, .. args]);
        Assert.True(code == 0, err);
        string path = stdout.Trim();
        Assert.Equal(Path.Combine(@out, name + ".sbatch"), path);
        string text = File.ReadAllText(path);
        var syntax = Bash("-n", path);
        Assert.True(syntax.Code == 0, "bash -n: " + syntax.Err);
        return text;
    }

    private void AssertGolden(string golden, string text)
    {
        string normalized = text.Replace(_t.Path, "@OUT@", StringComparison.Ordinal);
        string path = GoldenPath(golden);
        if (Environment.GetEnvironmentVariable("STEPWISE_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, normalized);
            return;
        }
        Assert.True(File.Exists(path), $"{path} missing (STEPWISE_UPDATE_GOLDEN=1 writes it)");
        Assert.Equal(File.ReadAllText(path), normalized);
    }

    [Fact]
    public void A_single_run()
    {
        string text = Script("quick", _t.Write("quick.yaml", Yaml), "--time", "04:00:00", "--partition", "cpu", "--account", "proj-1", "--cpus", "4", "--mem", "8g");
        AssertGolden("single.sbatch", text);
        Assert.Contains("#SBATCH --signal=B:USR1@79", text, StringComparison.Ordinal);
        Assert.Contains("#SBATCH --mem=8G", text, StringComparison.Ordinal);
        Assert.DoesNotContain("--array", text, StringComparison.Ordinal);
        Assert.True(Directory.Exists(Path.Combine(_t.Path, "out", "quick")));
    }

    [Fact]
    public void An_array_over_seeds()
    {
        string text = Script("quick", _t.Write("quick.yaml", Yaml), "--time", "90", "--array", "seeds=0..3", "--max-concurrent", "2", "--", "--max-steps", "40");
        AssertGolden("array.sbatch", text);
        Assert.Contains("#SBATCH --array=0-3%2", text, StringComparison.Ordinal);
        Assert.Contains("#SBATCH --time=01:30:00", text, StringComparison.Ordinal); // sbatch's bare minutes
        for (int k = 0; k < 4; k++) Assert.True(Directory.Exists(Path.Combine(_t.Path, "out", $"quick-{k}")));
        Assert.True(File.Exists(Path.Combine(_t.Path, "out", "quick.sweep.json")));
    }

    [Fact]
    public void A_sweep_cross_product()
    {
        string text = Script("quick", _t.Write("quick.yaml", Yaml), "--time", "1-00:00:00", "--sweep", "optimizer.lr=0.1,0.01", "--sweep", "model.hidden=[8],[16,16]",
            "--array", "seeds=0..1", "--set", "log.every=5", "--verb", "train");
        AssertGolden("sweep.sbatch", text);
        Assert.Contains("#SBATCH --array=0-7", text, StringComparison.Ordinal);
        Assert.Contains("  7) RUN=@OUT@/out/quick-7; SETS=(--set optimizer.lr=0.01 --set 'model.hidden=[16,16]' --set seed=1) ;;".Replace("@OUT@", _t.Path, StringComparison.Ordinal), text, StringComparison.Ordinal);
    }

    [Fact]
    public void Paths_and_values_with_spaces_and_quotes_are_quoted_and_read_back_exactly()
    {
        string dir = Path.Combine(_t.Path, "my runs", "it's here");
        Directory.CreateDirectory(dir);
        string config = Path.Combine(dir, "q.yaml");
        File.WriteAllText(config, Yaml.Replace("name: quick", "name: my run", StringComparison.Ordinal));
        string @out = Path.Combine(dir, "out dir");
        var (code, stdout, err) = CliRunner.Run(["slurm", config, "--out", @out, .. Figures, "--sweep", "model.hidden=[8, 8],[16]", "--set", "eval.splits=[\"val\"]", "--", "--max-steps", "30"]);
        Assert.True(code == 0, err);
        string path = stdout.Trim();
        string text = File.ReadAllText(path);
        AssertGolden("quoting.sbatch", text);
        Assert.Contains("#SBATCH --job-name=\"my run\"", text, StringComparison.Ordinal);
        Assert.Contains($"#SBATCH --output=\"{@out}/my run-%a/slurm.out\"", text, StringComparison.Ordinal);
        // bash reads the variables back word for word (task 1 of the array)
        var probe = new StringBuilder();
        probe.Append(string.Join('\n', text.Split('\n').SkipWhile(l => !l.StartsWith("STEPWISE=", StringComparison.Ordinal)).TakeWhile(l => !l.StartsWith("run_step()", StringComparison.Ordinal))));
        probe.Append("\nprintf '%s\\0' \"$CONFIG\" \"$RUN\" \"${SETS[@]}\" \"${SHARED[@]}\" \"${MORE[@]}\"\n");
        string probeFile = _t.Write("probe.sh", probe.ToString());
        var r = Bash(probeFile, env: new() { ["SLURM_ARRAY_TASK_ID"] = "1", ["SLURM_ARRAY_JOB_ID"] = "77" });
        Assert.True(r.Code == 0, r.Err);
        Assert.Equal([config, Path.Combine(@out, "my run-1"), "--set", "model.hidden=[16]", "--set", "eval.splits=[\"val\"]", "--max-steps", "30"], r.Out.Split('\0')[..^1]);
    }

    [Fact]
    public void Without_out_the_script_is_printed_and_nothing_is_written()
    {
        var (code, stdout, err) = CliRunner.Run(["slurm", _t.Write("quick.yaml", Yaml), .. Figures]);
        Assert.True(code == 0, err);
        Assert.StartsWith("#!/bin/bash\n", stdout, StringComparison.Ordinal);
        Assert.Contains("printed only", err, StringComparison.Ordinal);
        Assert.Single(_t.Files);
    }

    private static (int Code, string Out, string Err) Bash(string arg, string? path = null, Dictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(arg);
        if (path is not null) psi.ArgumentList.Add(path);
        foreach (var (k, v) in env ?? []) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        string o = p.StandardOutput.ReadToEnd(), e = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, o, e);
    }

    public void Dispose() => _t.Dispose();
}
