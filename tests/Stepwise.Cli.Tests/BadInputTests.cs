namespace Stepwise.Cli.Tests;

/// <summary>
/// The bad-input table: every row must exit 2, write nothing to stdout and no file, print no stack trace, and name the
/// key (or argument) and what is wrong on a "stepwise: error:" line.
/// </summary>
public class BadInputTests
{
    private const string Data = "data: { train_size: 1000 }\n";
    private const string Batch = "batch: { size: 16 }\n";
    private const string Dur = "duration: { epochs: 10 }\n";
    private const string Valid = Data + Batch + Dur;

    public static TheoryData<string, string, string, string> ConfigCases() => new()
    {
        // name, yaml, expected fragment 1 (key), expected fragment 2 (what)
        { "batch size zero", Data + "batch: { size: 0 }\n" + Dur, "batch.size = 0", "≥ 1" },
        { "batch size negative", Data + "batch: { size: -3 }\n" + Dur, "batch.size = -3", "≥ 1" },
        { "batch size word", Data + "batch: { size: abc }\n" + Dur, "batch.size = abc", "not a whole number" },
        { "batch size fraction", Data + "batch: { size: 16.5 }\n" + Dur, "batch.size = 16.5", "fractional" },
        { "batch size list", Data + "batch: { size: [1, 2] }\n" + Dur, "batch.size", "got a list" },
        { "grad accum zero", Data + "batch: { size: 16, grad_accum: 0 }\n" + Dur, "batch.grad_accum = 0", "≥ 1" },
        { "world size zero", Data + "batch: { size: 16, world_size: 0 }\n" + Dur, "batch.world_size = 0", "≥ 1" },
        { "drop_last not bool", Data + "batch: { size: 16, drop_last: maybe }\n" + Dur, "batch.drop_last = maybe", "true or false" },
        { "train size zero", "data: { train_size: 0 }\n" + Batch + Dur, "data.train_size = 0", "≥ 1" },
        { "train size enormous", "data: { train_size: 1e30 }\n" + Batch + Dur, "data.train_size", "too large" },
        { "drop_last leaves no batch", "data: { train_size: 10 }\nbatch: { size: 16, drop_last: true }\n" + Dur, "batch.drop_last", "0 updates" },
        { "missing data", Batch + Dur, "data", "missing the epoch size" },
        { "missing batch size", Data + Dur, "batch.size", "missing" },
        { "missing duration", Data + Batch, "duration", "missing" },
        { "fractional max_steps", Data + Batch + "duration: { max_steps: 630.5 }\n", "duration.max_steps = 630.5", "whole number" },
        { "zero max_steps", Data + Batch + "duration: { max_steps: 0 }\n", "duration.max_steps", "0 steps" },
        { "unknown unit", Data + Batch + "duration: { epochs: 3xx }\n", "duration.epochs = 3xx", "unknown unit 'xx'" },
        { "clock unit for epochs", Data + Batch + "duration: { epochs: 7h }\n", "duration.epochs = 7h", "seconds are not allowed" },
        { "negative epochs", Data + Batch + "duration: { epochs: -1 }\n", "duration.epochs = -1", "negative" },
        { "budget without step time", Data + Batch + "duration: { time_budget: 7h }\n", "duration.time_budget", "needs duration.step_time" },
        { "budget in steps", Data + Batch + "duration: { time_budget: 630st, step_time: 12 }\n", "duration.time_budget = 630st", "steps are not allowed" },
        { "tokens without seq_len", Data + Batch + "duration: { tokens: 2e6 }\n", "duration.tokens", "needs duration.seq_len" },
        { "epochs and time budget", Data + Batch + "duration: { epochs: 3, time_budget: 7h, step_time: 12 }\n", "duration.time_budget", "contradicts duration.epochs" },
        { "dur defines its own length", Data + Batch + "duration: { max_steps: 0.5dur }\n", "duration.max_steps = 0.5dur", "not allowed here" },
        { "step time zero", Data + Batch + "duration: { epochs: 1, step_time: 0 }\n", "duration.step_time", "> 0" },
        { "two epoch sizes", "data: { train_size: 1000, samples_per_epoch: 50 }\n" + Batch + Dur, "data.samples_per_epoch", "contradicts data.train_size" },
        { "steps and samples per epoch", "data: { steps_per_epoch: 50, samples_per_epoch: 800 }\n" + Batch + Dur, "data.samples_per_epoch", "contradicts data.steps_per_epoch" },
        { "records alone", "data: { records: 806 }\n" + Batch + Dur, "data.samples_per_record", "go together" },
        { "epoch time without step time", "data: { epoch_time: 7h }\n" + Batch + Dur, "data.epoch_time = 7h", "needs duration.step_time" },
        { "epoch shorter than a step", "data: { epoch_time: 5s }\n" + Batch + "duration: { epochs: 1, step_time: 12s }\n", "data.epoch_time", "shorter than one step" },
        { "more stages than steps", Valid + "stages: 700\n", "stages = 700", "more windows than the 630 updates" },
        { "zero stages", Valid + "stages: 0\n", "stages = 0", "≥ 1" },
        { "first epoch too many", Valid + "checkpoints: { first_epoch: 500 }\n", "checkpoints.first_epoch = 500", "do not fit in epoch 1" },
        { "log base one", Valid + "checkpoints: { first_epoch: 5, log_base: 1 }\n", "checkpoints.log_base = 1", "> 1" },
        { "log base word", Valid + "checkpoints: { spacing: log, log_base: e }\n", "checkpoints.log_base = e", "not a number" },
        { "every zero", Valid + "checkpoints: { every: 0 }\n", "checkpoints.every", "0 steps" },
        { "every negative", Valid + "checkpoints: { every: -5 }\n", "checkpoints.every = -5", "negative" },
        { "spacing unknown", Valid + "checkpoints: { spacing: cubic }\n", "checkpoints.spacing = cubic", "allowed: linear, log" },
        { "spacing typo", Valid + "checkpoints: { spacing: lgo }\n", "checkpoints.spacing = lgo", "did you mean 'log'" },
        { "unknown checkpoint key", Valid + "checkpoints: { evry: 500 }\n", "checkpoints.evry", "did you mean 'checkpoints.every'" },
        { "unknown section", Data + "bacth: { size: 16 }\n" + Dur, "bacth", "did you mean 'batch'" },
        { "dense without dense_every", Valid + "checkpoints: { every: 100, dense_until: 300 }\n", "checkpoints.dense_until", "needs checkpoints.dense_every" },
        { "dense without every", Valid + "checkpoints: { dense_until: 300, dense_every: 50 }\n", "checkpoints.dense_until", "needs checkpoints.every" },
        { "log spaced without every", Valid + "checkpoints: { log_spaced: true }\n", "checkpoints.log_spaced", "needs checkpoints.every" },
        { "checkpoint beyond the run", Valid + "checkpoints: { at: [10, 700] }\n", "checkpoints.at = 700st", "beyond the run's last step 630" },
        { "checkpoint list item word", Valid + "checkpoints: { at: [abc] }\n", "checkpoints.at", "item 'abc'" },
        { "eval every zero", Valid + "eval: { every: 0 }\n", "eval.every", "0 steps" },
        { "eval dense without dense_every", Valid + "eval: { every: 100, dense_until: 300 }\n", "eval.dense_until", "needs eval.dense_every" },
        { "eval dense without every", Valid + "eval: { dense_until: 300, dense_every: 50 }\n", "eval.dense_until", "needs eval.every" },
        { "eval log spaced without every", Valid + "eval: { log_spaced: true }\n", "eval.log_spaced", "needs eval.every" },
        { "eval log spaced with dense", Valid + "eval: { every: 100, dense_until: 300, dense_every: 50, log_spaced: true }\n", "eval.log_spaced", "contradicts eval.dense_until" },
        { "eval beyond the run", Valid + "eval: { at: 1000 }\n", "eval.at = 1000st", "beyond the run's last step" },
        { "linear interval zero", Valid + "checkpoints: { spacing: linear, linear_interval: 0 }\n", "checkpoints.linear_interval", "0 steps" },
        { "min interval negative", Valid + "checkpoints: { first_epoch: 5, min_interval: -1 }\n", "checkpoints.min_interval = -1", "negative" },
        { "empty file", "", "the file is empty", "expected a mapping" },
        { "only comments", "# nothing here\n\n", "the file is empty", "expected a mapping" },
        { "yaml syntax", "batch: { size: 16\n", "invalid YAML", "cfg.yaml:" },
        { "duplicate key", Data + Batch + Dur + "batch: { size: 8 }\n", "invalid YAML", "twice" },
        { "root is a list", "- 1\n- 2\n", "config", "expected a mapping of sections" },
        { "section is a value", Data + "batch: 16\n" + Dur, "batch = 16", "expected a mapping of size" },
        { "alias and key both", Valid + "max_steps: 100\nduration2: 1\n", "duration2", "unknown key" },
        { "alias duplicates canonical", Data + Batch + "duration: { max_steps: 20 }\nmax_steps: 10\n", "max_steps = 10", "already given as duration.max_steps" },
        { "unknown alias in training", Valid + "training: { learning_rate: 0.1 }\n", "training.learning_rate", "unknown key" },
        { "model bytes zero", Valid + "model_bytes: 0\n", "model_bytes = 0", "≥ 1" },
        { "step count beyond long", Data + Batch + "duration: { max_steps: 99999999999999999999 }\n", "duration.max_steps", "too large" },
        { "exponent overflow", Data + Batch + "duration: { max_steps: 1e400 }\n", "duration.max_steps", "too large" },
        { "log spaced with dense", Valid + "checkpoints: { every: 100, dense_until: 300, dense_every: 50, log_spaced: true }\n", "checkpoints.log_spaced", "contradicts checkpoints.dense_until" },
        { "malformed time string", Valid + "checkpoints: { every: 3e }\n", "checkpoints.every = 3e", "unknown unit 'e'" },
        { "doubled unit", Valid + "checkpoints: { every: 7hh }\n", "checkpoints.every = 7hh", "unknown unit 'hh'" },
        { "fraction of run over one", Valid + "checkpoints: { every: 2dur }\n", "checkpoints.every = 2dur", "within 0..1" },
        { "fractional samples", Valid + "checkpoints: { every: 100.5sp }\n", "checkpoints.every = 100.5sp", "fractional" },
        { "clock interval without step time", Valid + "checkpoints: { every: 1h }\n", "checkpoints.every = 1h", "needs duration.step_time" },
        { "clock interval under a step", Data + Batch + "duration: { epochs: 10, step_time: 12s }\ncheckpoints: { every: 5s }\n", "checkpoints.every = 5s", "0 steps" },
        { "clock point beyond the run", Data + Batch + "duration: { epochs: 10, step_time: 12s }\neval: { at: [7h] }\n", "eval.at = 25200s", "beyond the run's last step 630" },
        { "save_final not bool", Valid + "checkpoints: { save_final: maybe }\n", "checkpoints.save_final = maybe", "true or false" },
        { "fractional stages", Valid + "stages: 2.5\n", "stages = 2.5", "fractional" },
        { "fractional first epoch", Valid + "checkpoints: { first_epoch: 1.5 }\n", "checkpoints.first_epoch = 1.5", "fractional" },
        { "keep_last zero", Valid + "checkpoints: { keep_last: 0 }\n", "checkpoints.keep_last = 0", "≥ 1" },
        { "unique samples zero", "data: { train_size: 1000, unique_samples: 0 }\n" + Batch + Dur, "data.unique_samples = 0", "≥ 1" },
        { "seq_len zero", Data + Batch + "duration: { tokens: 2e6, seq_len: 0 }\n", "duration.seq_len = 0", "≥ 1" },
        { "fractional tokens", Data + Batch + "duration: { tokens: 2.5tok, seq_len: 2 }\n", "duration.tokens = 2.5tok", "fractional" },
        { "negative step time", Data + Batch + "duration: { epochs: 1, step_time: -3s }\n", "duration.step_time = -3s", "negative" },
        { "interval is a mapping", Valid + "checkpoints: { every: { a: 1 } }\n", "checkpoints.every", "got a mapping" },
        { "negative log base", Valid + "checkpoints: { spacing: log, log_base: -2 }\n", "checkpoints.log_base = -2", "> 1" },
        { "fractional listed step", Valid + "checkpoints: { at: [1.5] }\n", "checkpoints.at", "fractional" },
        { "every_epochs zero", Valid + "checkpoints: { every_epochs: 0 }\n", "checkpoints.every_epochs = 0", "≥ 1" },
        { "eval every_epochs negative", Valid + "eval: { every_epochs: -1 }\n", "eval.every_epochs = -1", "≥ 1" },
        { "eval at_epoch_end not bool", Valid + "eval: { at_epoch_end: 3 }\n", "eval.at_epoch_end = 3", "true or false" },
        { "model bytes word", Valid + "model_bytes: 1.5e3x\n", "model_bytes = 1.5e3x", "not a whole number" },
        { "warmup steps and ratio", Valid + "warmup_steps: 10\nwarmup_ratio: 0.1\n", "warmup_ratio = 0.1", "give one of warmup_steps and warmup_ratio" },
        { "warmup ratio over one", Valid + "warmup_ratio: 1.5\n", "warmup_ratio = 1.5", "[0, 1]" },
        { "warmup longer than run", Valid + "warmup_steps: 700\n", "warmup_steps = 700", "more than the run's 630" },
        { "warmup word", Valid + "warmup_steps: soon\n", "warmup_steps = soon", "does not start with a number" },
    };

    [Theory]
    [MemberData(nameof(ConfigCases))]
    public void Plan_BadConfig_Exit2_OneLineNamingKeyAndProblem(string name, string yaml, string key, string what)
    {
        using var dir = new TempDir();
        string path = dir.Write("cfg.yaml", yaml);
        var (code, stdout, stderr) = CliRunner.Run("plan", path);
        AssertBadInput(name, code, stdout, stderr, key, what);
        Assert.Single(dir.Files);
    }

    [Fact]
    public void Plan_NonUtf8File_Exit2()
    {
        using var dir = new TempDir();
        string path = dir.WriteBytes("cfg.yaml", [0x62, 0x61, 0x74, 0x63, 0x68, 0x3a, 0x20, 0xff, 0xfe, 0x0a]);
        var (code, stdout, stderr) = CliRunner.Run("plan", path);
        AssertBadInput("non-utf8", code, stdout, stderr, "cfg.yaml", "not valid UTF-8");
    }

    [Fact]
    public void Plan_MissingFile_Exit2()
    {
        var (code, stdout, stderr) = CliRunner.Run("plan", "/nonexistent/stepwise.yaml");
        AssertBadInput("missing file", code, stdout, stderr, "/nonexistent/stepwise.yaml", "no such file");
    }

    [Fact]
    public void Plan_FolderInsteadOfFile_Exit2()
    {
        using var dir = new TempDir();
        var (code, stdout, stderr) = CliRunner.Run("plan", dir.Path);
        AssertBadInput("folder", code, stdout, stderr, dir.Path, "is a folder");
    }

    public static TheoryData<string, string[], string, string> ArgumentCases() => new()
    {
        { "unknown format", ["plan", "{cfg}", "--format", "xml"], "--format = xml", "allowed: text, json, csv" },
        { "unknown option", ["plan", "{cfg}", "--frobnicate"], "--frobnicate", "" },
        { "missing config argument", ["plan"], "CONFIG", "" },
        { "unknown command", ["plna", "{cfg}"], "plna", "" },
        { "set without equals", ["plan", "{cfg}", "--set", "batch.size"], "--set batch.size", "key.path=value" },
        { "set through a value", ["plan", "{cfg}", "--set", "batch.size.x=1"], "batch.size is a value", "not a mapping" },
        { "set bad value", ["plan", "{cfg}", "--set", "batch.size=0"], "batch.size = 0", "≥ 1" },
        { "set unknown key", ["plan", "{cfg}", "--set", "checkpoints.evey=5"], "checkpoints.evey", "did you mean 'checkpoints.every'" },
        { "total steps without epochs", ["checkpoints", "{cfg}", "--total-steps", "1000"], "--total-steps/--epochs", "give both" },
        { "epochs over total", ["checkpoints", "{cfg}", "--total-steps", "10", "--epochs", "11"], "--epochs = 11", "within 1..10" },
        { "total steps zero", ["checkpoints", "{cfg}", "--total-steps", "0", "--epochs", "1"], "--total-steps = 0", "≥ 1" },
        { "total steps not a number", ["checkpoints", "{cfg}", "--total-steps", "many", "--epochs", "1"], "--total-steps = many", "not a whole number" },
        { "spacing flag unknown", ["checkpoints", "{cfg}", "--spacing", "cubic"], "checkpoints.spacing = cubic", "allowed: linear, log" },
        { "log base flag", ["checkpoints", "{cfg}", "--log-base", "0.5"], "checkpoints.log_base = 0.5", "> 1" },
        { "first epoch flag negative", ["checkpoints", "{cfg}", "--first-epoch", "-1"], "checkpoints.first_epoch = -1", "≥ 0" },
        { "windows without stages", ["windows", "{cfg}"], "stages", "missing" },
        { "windows zero stages", ["windows", "{cfg}", "--stages", "0"], "stages = 0", "≥ 1" },
        { "windows too many stages", ["windows", "{cfg}", "--stages", "631"], "stages = 631", "allowed 1..630" },
        { "stages not a number", ["windows", "{cfg}", "--stages", "abc"], "--stages = abc", "not a whole number" },
        { "first epoch flag fraction", ["checkpoints", "{cfg}", "--first-epoch", "2.5"], "--first-epoch = 2.5", "not a whole number" },
        { "first epoch flag too many", ["checkpoints", "{cfg}", "--total-steps", "1000", "--epochs", "3", "--first-epoch", "400"], "checkpoints.first_epoch = 400", "do not fit in epoch 1, which has 334 states" },
        { "linear interval flag zero", ["checkpoints", "{cfg}", "--spacing", "linear", "--linear-interval", "0"], "checkpoints.linear_interval = 0", "0 steps" },
        { "min interval flag word", ["checkpoints", "{cfg}", "--first-epoch", "3", "--min-interval", "abc"], "checkpoints.min_interval = abc", "does not start with a number" },
        { "min interval flag negative", ["checkpoints", "{cfg}", "--first-epoch", "3", "--min-interval", "-3"], "checkpoints.min_interval = -3", "negative" },
        { "log base flag word", ["checkpoints", "{cfg}", "--log-base", "abc"], "checkpoints.log_base = abc", "not a number" },
        { "epochs flag zero", ["checkpoints", "{cfg}", "--total-steps", "1000", "--epochs", "0"], "--epochs = 0", "within 1..1000" },
        { "format missing value", ["plan", "{cfg}", "--format"], "--format", "" },
        { "set without key", ["plan", "{cfg}", "--set", "=5"], "--set =5", "key.path=value" },
        { "windows format unknown", ["windows", "{cfg}", "--stages", "2", "--format", "yaml"], "--format = yaml", "allowed: text, json, csv" },
    };

    [Theory]
    [MemberData(nameof(ArgumentCases))]
    public void Cli_BadArguments_Exit2(string name, string[] args, string key, string what)
    {
        using var dir = new TempDir();
        string path = dir.Write("cfg.yaml", Valid);
        var (code, stdout, stderr) = CliRunner.Run(args.Select(a => a.Replace("{cfg}", path, StringComparison.Ordinal)).ToArray());
        AssertBadInput(name, code, stdout, stderr, key, what);
        Assert.Single(dir.Files);
    }

    [Fact]
    public void BadInputTable_HasAtLeast100Rows()
    {
        Assert.True(ConfigCases().Count + ArgumentCases().Count + 3 >= 100);
    }

    private static void AssertBadInput(string name, int code, string stdout, string stderr, string key, string what)
    {
        Assert.True(code == 2, $"{name}: exit {code}, stderr: {stderr}");
        Assert.True(stdout.Length == 0, $"{name}: stdout should be empty, got: {stdout}");
        Assert.DoesNotContain("Exception", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        string? line = stderr.Split('\n').FirstOrDefault(l => l.StartsWith("stepwise: error:", StringComparison.Ordinal) && l.Contains(key, StringComparison.Ordinal));
        Assert.True(line is not null, $"{name}: no error line naming '{key}' in: {stderr}");
        Assert.True(line!.Contains(what, StringComparison.Ordinal), $"{name}: '{what}' missing from: {line}");
    }
}
