namespace Stepwise.Cli.Tests;

/// <summary><c>stepwise slurm</c> refuses bad input with exit 2, one <c>stepwise: error:</c> line naming the option and
/// the value, nothing on stdout and nothing written (the --out folder is not even created).</summary>
public sealed class SlurmBadInputTests : IDisposable
{
    private const string Yaml = """
        name: quick
        data: { source: digits, splits: { val: 0.2 } }
        model: { kind: mlp, hidden: [16] }
        batch: { size: 32 }
        duration: { max_steps: 60 }
        """;

    private readonly TempDir _t = new();

    public static TheoryData<string, string[], string> Cases() => new()
    {
        { "time out of range", ["--time", "99:99"], "--time = 99:99: '99:99': seconds 99 out of range 0..59 (MM:SS)" },
        { "time in steps", ["--time", "300st"], "--time = 300st" },
        { "time zero", ["--time", "0"], "--time = 0: must be positive" },
        { "empty array range", ["--array", "seeds=3..1"], "--array seeds=3..1: the range is empty (3 > 1)" },
        { "unknown sweep key", ["--sweep", "optimizer.lrr=0.1,0.01"], "--sweep optimizer.lrr: unknown key; did you mean 'optimizer.lr'?" },
        { "unknown array key", ["--array", "sed=0..2"], "--array sed: unknown key; did you mean 'seed'?" },
        { "duplicate sweep value", ["--sweep", "seed=1,1"], "the value 1 appears twice" },
        { "key on two axes", ["--sweep", "seed=1,2", "--array", "seeds=0..1"], "seed: given on two sweep axes" },
        { "bad sweep value", ["--sweep", "optimizer.lr=0.1,abc"], "task 1 (optimizer.lr=abc): optimizer.lr = abc" },
        { "grace zero", ["--grace", "0s"], "--grace = 0s: allowed: auto or 1 s .. 65535 s" },
        { "grace too long", ["--grace", "1d"], "--grace = 1d" },
        { "grace not shorter than time", ["--time", "1", "--grace", "60s"], "--time = 00:01:00: not longer than the 60 s grace period" },
        { "grace with figures", ["--grace", "90s", "--step-time", "1s"], "--grace with --step-time" },
        { "memory unit", ["--mem", "8X"], "--mem = 8X" },
        { "partition with a space", ["--partition", "a b"], "--partition = a b" },
        { "cpus zero", ["--cpus", "0"], "--cpus = 0: allowed: 1..100000" },
        { "max concurrent without array", ["--max-concurrent", "2"], "--max-concurrent limits the tasks of a job array" },
        { "unknown verb", ["--verb", "trian"], "--verb = trian: not a long-running command; did you mean 'train'?" },
        { "reserved extra", ["--", "--out", "elsewhere"], "-- --out: the job script sets --out itself" },
        { "unknown extra", ["--", "--max-stepz", "5"], "-- --max-stepz 5:" },
        { "name with percent", ["--set", "name=50%"], "name = 50%: holds %, a Slurm filename pattern" },
        { "name with both quotes", ["--set", "name=it's \"x\""], "holds both quote characters" },
        { "bad step time", ["--step-time", "fast"], "--step-time = fast" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_input_exits_2_with_one_line_and_writes_nothing(string name, string[] args, string fragment)
    {
        string config = _t.Write("quick.yaml", Yaml);
        string @out = Path.Combine(_t.Path, "out");
        string[] figures = args.Any(a => a is "--grace" or "--step-time") ? [] : ["--grace", "30s"];
        var (code, stdout, err) = CliRunner.Run(["slurm", config, "--out", @out, "--stepwise", "stepwise", .. figures, .. args]);
        Assert.True(code == 2, $"{name}: exit {code}: {err}");
        Assert.Equal("", stdout);
        string[] lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"{name}: {err}");
        Assert.StartsWith("stepwise: error: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(fragment, lines[0], StringComparison.Ordinal);
        Assert.False(Directory.Exists(@out), $"{name}: wrote {@out}");
        Assert.Single(_t.Files);
    }

    public void Dispose() => _t.Dispose();
}
