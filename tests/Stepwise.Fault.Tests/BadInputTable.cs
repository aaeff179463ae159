using System.Text;

namespace Stepwise.Fault.Tests;

/// <summary>
/// The hostile-input table: config YAML (types, unknown keys, out-of-range values, contradictory durations), CLI
/// arguments, CSV and text data, and checkpoint folders from another config. (tests/Stepwise.Cli.Tests/BadInputTests.cs
/// covers the planning keys of <c>stepwise plan</c>; TrainCommandTests a first set of train rows; the data tests the
/// loader's messages. These rows go through the whole <c>stepwise train</c> command.)
/// </summary>
internal static class BadInputTable
{
    private const string Tab = """
        seed: 1
        data: { source: digits, splits: { val: 0.2 } }
        model: { kind: mlp, hidden: [8] }
        optimizer: { kind: sgd, lr: 0.1 }
        batch: { size: 32 }
        duration: { max_steps: 5 }

        """;

    private const string Csv = """
        seed: 1
        data: { source: csv, path: t.csv }
        model: { kind: mlp, hidden: [4] }
        optimizer: { kind: sgd, lr: 0.1 }
        batch: { size: 2 }
        duration: { max_steps: 3 }

        """;

    private const string Text = """
        seed: 1
        data: { source: text, path: t.txt, context: 4 }
        model: { kind: tiny_gpt, layers: 1, heads: 1, width: 8 }
        optimizer: { kind: adamw, lr: 0.01 }
        batch: { size: 2 }
        duration: { max_steps: 3 }

        """;

    private const string GoodCsv = "a,b,label\n0.5,1,0\n1.5,2,1\n-1,3,0\n2,0.25,1\n";

    /// <summary>Nine levels of nine aliases: a 450-byte file whose expansion is 9⁹ ≈ 387 million nodes.</summary>
    private static string AliasBomb() =>
        "a0: &a0 [x,x,x,x,x,x,x,x,x]\n" + string.Concat(Enumerable.Range(1, 9).Select(i => $"a{i}: &a{i} [{string.Join(",", Enumerable.Repeat($"*a{i - 1}", 9))}]\n"));

    /// <summary>The base config with the line starting <c>section:</c> replaced.</summary>
    private static string With(this string yaml, string section, string line) =>
        string.Join("\n", yaml.Split('\n').Select(l => l.StartsWith(section + ":", StringComparison.Ordinal) ? line : l));

    private static Dictionary<string, byte[]> File(string name, string text) => new() { [name] = Encoding.UTF8.GetBytes(text) };

    private static BadInputCase C(string name, string yaml, params string[] fragments) => new(name, yaml, BadInputCase.Train, fragments);

    private static BadInputCase A(string name, string yaml, string[] extra, params string[] fragments) => new(name, yaml, [.. BadInputCase.Train, .. extra], fragments);

    private static BadInputCase D(string name, string csv, params string[] fragments) => new(name, Csv, BadInputCase.Train, fragments) { Files = File("t.csv", csv) };

    private static BadInputCase T(string name, string yaml, string text, params string[] fragments) => new(name, yaml, BadInputCase.Train, fragments) { Files = File("t.txt", text) };

    /// <summary>A config of the fault run with one change, resuming the reference's checkpoint_step_20.</summary>
    private static BadInputCase K(string name, string yaml, string[] args, params string[] fragments) => new(name, yaml, args, fragments);

    public static IReadOnlyList<BadInputCase> Cases { get; } = Build();

    private static List<BadInputCase> Build()
    {
        string fault = FaultConfig.Yaml + "\n";
        string[] resumeCkpt = ["train", "{cfg}", "--resume", "{ckpt}", "--out", "{run}", "--quiet"];
        var cases = new List<BadInputCase>
        {
            // config: types
            C("seed is a word", Tab.With("seed", "seed: abc"), "seed = abc"),
            C("seed is negative", Tab.With("seed", "seed: -1"), "seed = -1"),
            C("seed is a list", Tab.With("seed", "seed: [1, 2]"), "seed", "list"),
            C("threads zero", Tab + "threads: 0\n", "threads = 0"),
            C("hidden width zero", Tab.With("model", "model: { kind: mlp, hidden: [0] }"), "model.hidden", "0"),
            C("hidden width a word", Tab.With("model", "model: { kind: mlp, hidden: [wide] }"), "model.hidden", "wide"),
            C("lr a word", Tab.With("optimizer", "optimizer: { kind: sgd, lr: fast }"), "optimizer.lr = fast"),
            C("lr NaN", Tab.With("optimizer", "optimizer: { kind: sgd, lr: .nan }"), "optimizer.lr"),
            C("lr infinite", Tab.With("optimizer", "optimizer: { kind: sgd, lr: .inf }"), "optimizer.lr"),
            C("nesterov not a bool", Tab.With("optimizer", "optimizer: { kind: sgd, lr: 0.1, nesterov: perhaps }"), "optimizer.nesterov = perhaps"),
            C("standardize not a bool", Tab.With("data", "data: { source: digits, standardize: 2 }"), "data.standardize = 2"),
            C("batch size a fraction", Tab.With("batch", "batch: { size: 2.5 }"), "batch.size = 2.5"),
            C("section is a scalar", Tab.With("model", "model: mlp"), "model = mlp"),
            // config: unknown keys and choices
            C("unknown top-level key", Tab + "optimiser: { lr: 1 }\n", "optimiser", "did you mean 'optimizer'"),
            C("unknown model key", Tab.With("model", "model: { kind: mlp, hiden: [8] }"), "model.hiden", "did you mean 'model.hidden'"),
            C("unknown data source", Tab.With("data", "data: { source: mnist }"), "data.source = mnist", "digits"),
            C("data source typo", Tab.With("data", "data: { source: digts }"), "data.source = digts", "did you mean 'digits'"),
            C("unknown model kind", Tab.With("model", "model: { kind: cnn }"), "model.kind = cnn", "mlp"),
            C("unknown activation", Tab.With("model", "model: { kind: mlp, hidden: [8], activation: sigmoid }"), "model.activation = sigmoid", "relu"),
            C("optimizer typo", Tab.With("optimizer", "optimizer: { kind: adam, lr: 0.1 }"), "optimizer.kind = adam", "adamw"),
            C("unknown lr schedule", Tab + "lr_schedule: { kind: exponential }\n", "lr_schedule.kind = exponential", "cosine"),
            C("key for another source", Tab.With("data", "data: { source: digits, cluster_std: 0.5 }"), "data.cluster_std", "does not apply to source digits"),
            C("model for another source", Tab.With("model", "model: { kind: tiny_gpt }"), "tiny_gpt needs data.source: text"),
            C("eval split unknown", Tab + "eval: { every: 2, splits: [vall] }\n", "eval.splits", "did you mean 'val'"),
            C("best metric unknown", Tab + "checkpoints: { every: 2, keep_best: 1, best_metric: val_acc }\n", "checkpoints.best_metric = val_acc", "val_accuracy"),
            // config: out of range
            C("lr zero", Tab.With("optimizer", "optimizer: { kind: sgd, lr: 0 }"), "optimizer.lr = 0"),
            C("lr negative", Tab.With("optimizer", "optimizer: { kind: sgd, lr: -0.1 }"), "optimizer.lr = -0.1"),
            C("momentum 1.5", Tab.With("optimizer", "optimizer: { kind: sgd, lr: 0.1, momentum: 1.5 }"), "optimizer.momentum = 1.5"),
            C("weight decay negative", Tab.With("optimizer", "optimizer: { kind: sgd, lr: 0.1, weight_decay: -1 }"), "optimizer.weight_decay = -1"),
            C("betas one value", Tab.With("optimizer", "optimizer: { kind: adamw, lr: 0.01, betas: [0.9] }"), "optimizer.betas"),
            C("eps zero", Tab.With("optimizer", "optimizer: { kind: adamw, lr: 0.01, eps: 0 }"), "optimizer.eps = 0"),
            C("warmup ratio 2", Tab + "lr_schedule: { kind: linear, warmup_ratio: 2 }\n", "warmup_ratio"),
            C("log every zero", Tab + "log: { every: 0 }\n", "log.every"),
            C("eval batch zero", Tab + "eval: { every: 2, batch_size: 0 }\n", "eval.batch_size = 0"),
            C("keep_last zero", Tab + "checkpoints: { every: 2, keep_last: 0 }\n", "checkpoints.keep_last = 0"),
            C("checkpoint every zero", Tab + "checkpoints: { every: 0 }\n", "checkpoints.every"),
            C("split fraction above 1", Tab.With("data", "data: { source: digits, splits: { val: 1.5 } }"), "data.splits.val = 1.5"),
            C("splits sum to 1", Tab.With("data", "data: { source: digits, splits: { val: 0.6, test: 0.4 } }"), "data.splits"),
            C("split named train", Tab.With("data", "data: { source: digits, splits: { train: 0.2 } }"), "train"),
            C("label noise 1", Tab.With("data", "data: { source: digits, label_noise: 1 }"), "data.label_noise = 1"),
            C("digits with 10 features", Tab.With("data", "data: { source: digits, features: 10 }"), "data.features = 10", "64"),
            C("subset larger than the data", Tab.With("data", "data: { source: digits, n: 5000 }"), "data.n = 5000"),
            C("batch size zero", Tab.With("batch", "batch: { size: 0 }"), "batch.size = 0", "≥ 1"),
            // config: durations
            C("no duration", string.Join("\n", Tab.Split('\n').Where(l => !l.StartsWith("duration:", StringComparison.Ordinal))), "duration", "missing"),
            C("epochs and a time budget", Tab.With("duration", "duration: { epochs: 3, time_budget: 7h, step_time: 12 }"), "duration.time_budget", "contradicts duration.epochs"),
            C("negative epochs", Tab.With("duration", "duration: { epochs: -1 }"), "duration.epochs = -1", "negative"),
            C("unknown unit", Tab.With("duration", "duration: { epochs: 3xx }"), "duration.epochs = 3xx", "unknown unit 'xx'"),
            C("clock time as epochs", Tab.With("duration", "duration: { epochs: 7h }"), "duration.epochs = 7h", "seconds are not allowed"),
            C("fractional steps", Tab.With("duration", "duration: { max_steps: 5.5 }"), "duration.max_steps = 5.5", "whole number"),
            C("steps beyond long", Tab.With("duration", "duration: { max_steps: 99999999999999999999 }"), "duration.max_steps", "too large"),
            C("budget without step time", Tab.With("duration", "duration: { time_budget: 7h }"), "duration.time_budget", "needs duration.step_time"),
            C("warmup beyond the run", Tab + "lr_schedule: { kind: cosine, warmup_steps: 50 }\n", "warmup"),
            // config: files
            C("invalid YAML", "model: { kind: mlp\n", "invalid YAML"),
            C("empty config", "", "the file is empty"),
            C("config is a list", "- 1\n- 2\n", "expected a mapping"),
            C("duplicate key", Tab + "seed: 2\n", "twice"),
            C("tab in the indentation", "seed: 1\nbatch:\n\tsize: 16\n", "cfg.yaml:3:1: invalid YAML: a tab in the indentation"),
            C("unclosed bracket", Tab.With("model", "model: { kind: mlp, hidden: [8 }"), "cfg.yaml:3:", "never closed"),
            // config: hostile files (docs/config.md#limits)
            C("config alias bomb", AliasBomb(), "1,000,000 nodes with its aliases expanded"),
            C("config nested 50,000 brackets deep", Tab + "extra: " + new string('[', 50_000) + new string(']', 50_000) + "\n", "nesting deeper than 64 levels"),
            C("config over 4 MiB", Tab + "name: " + new string('x', 4 * 1024 * 1024) + "\n", "over the limit of 4,194,304 bytes"),
            new("config file missing", null, ["train", "{dir}/nope.yaml", "--out", "{run}"], ["nope.yaml"]),
            new("config is not UTF-8", null, ["train", "{dir}/latin.yaml", "--out", "{run}"], ["latin.yaml"]) { Files = new() { ["latin.yaml"] = [0x73, 0x65, 0x65, 0x64, 0x3a, 0x20, 0xff, 0xfe, 0x0a] } },
            // CLI arguments
            A("unknown option", Tab, ["--frobnicate"], "--frobnicate"),
            new("no config argument", null, ["train", "--out", "{run}"], ["CONFIG", "missing"]),
            A("max steps zero", Tab, ["--max-steps", "0"], "--max-steps = 0", "≥ 1"),
            A("max steps a word", Tab, ["--max-steps", "abc"], "abc"),
            A("threads zero (flag)", Tab, ["--threads", "0"], "--threads = 0", "1..256"),
            A("threads too many", Tab, ["--threads", "5000"], "--threads = 5000", "1..256"),
            A("time limit unknown unit", Tab, ["--time-limit", "5xx"], "--time-limit = 5xx", "2h"),
            A("time limit in steps", Tab, ["--time-limit", "30st"], "--time-limit = 30st", "wall-clock"),
            A("time limit zero", Tab, ["--time-limit", "0s"], "--time-limit = 0s"),
            new("resume auto without out", Tab, ["train", "{cfg}", "--resume", "auto", "--quiet"], ["--resume auto needs --out"]),
            A("resume and resume-from-epoch", Tab, ["--resume", "auto", "--resume-from-epoch", "1"], "--resume and --resume-from-epoch"),
            A("set without equals", Tab, ["--set", "batch.size"], "--set batch.size", "key.path=value"),
            A("set unknown key", Tab, ["--set", "batch.sise=4"], "batch.sise"),
            A("set out of range", Tab, ["--set", "batch.size=0"], "batch.size = 0"),
            A("resume from an epoch with no checkpoint", Tab, ["--resume-from-epoch", "1"], "--resume-from-epoch 1", "no valid checkpoint"),
            A("resume from epoch 0", Tab, ["--resume-from-epoch", "0"], "--resume-from-epoch 0"),
            // CSV data
            new("csv file missing", Csv, BadInputCase.Train, ["data.path = ", "t.csv: file not found", "give a CSV file"]),
            D("csv empty", "", "t.csv", "the file is empty"),
            D("csv only a header", "a,b,label\n", "only a header"),
            D("csv ragged row", "a,b,label\n1,2,0\n3,1\n", "t.csv line 3", "2 cells, expected 3"),
            D("csv non-numeric", "a,b,label\n1,2,0\n3,x,1\n", "column 'b'", "'x' is not a number"),
            D("csv NaN", "a,b,label\n1,NaN,0\n3,4,1\n", "'NaN' is NaN"),
            D("csv infinity", "a,b,label\n1,inf,0\n3,4,1\n", "column 'b'", "finite"),
            D("csv enormous number", "a,b,label\n1e39,2,0\n3,4,1\n", "'1e39' is beyond float32 range"),
            D("csv 400-digit number", "a,b,label\n1" + new string('0', 400) + ",2,0\n3,4,1\n", "column 'a'", "float32"),
            D("csv empty cell", "a,b,label\n1,,0\n3,4,1\n", "column 'b'"),
            D("csv label negative", "a,b,label\n1,2,-1\n3,4,1\n", "column 'label'", "-1 is negative"),
            D("csv label fraction", "a,b,label\n1,2,1.5\n3,4,1\n", "'1.5' is not a whole number"),
            D("csv label huge", "a,b,label\n1,2,99999999999\n3,4,1\n", "column 'label'"),
            new("csv label beyond classes", Csv.With("data", "data: { source: csv, path: t.csv, classes: 2 }"), BadInputCase.Train, ["label", "5"]) { Files = File("t.csv", "a,b,label\n1,2,5\n3,4,1\n") },
            D("csv every label 0", "a,b,label\n1,2,0\n3,4,0\n", "every label is 0"),
            D("csv quoted cell with a comma", "a,b,label\n\"1,5\",2,0\n3,4,1\n", "t.csv line 2 column 'a'", "'1,5' is not a number"),
            D("csv unclosed quote", "a,b,label\n1,2,0\n1,\"2,0\n3,4,1\n", "t.csv line 3 column 'b'", "never closed"),
            D("csv quote inside a cell", "a,b,label\n1,2\"5,0\n3,4,1\n", "t.csv line 2 column 'b'", "a double quote inside an unquoted cell"),
            D("csv labels mix numbers and names", "a,b,label\n1,2,0\n3,4,cat\n", "t.csv line 3 column 'label' (label)", "'cat' is a class name, but line 2 holds the number 0"),
            D("csv one named class", "a,b,label\n1,2,cat\n3,4,cat\n", "every label is 'cat'"),
            D("csv pandas index column", ",a,label\n0,1,0\n1,2,1\n", "column 1 has no name, like the index column pandas writes", "data.index_column: 0"),
            new("csv index column out of range", Csv.With("data", "data: { source: csv, path: t.csv, index_column: 7 }"), BadInputCase.Train, ["data.index_column = 7", "positions 0..2"]) { Files = File("t.csv", GoodCsv) },
            new("csv index column unknown", Csv.With("data", "data: { source: csv, path: t.csv, index_column: lable }"), BadInputCase.Train, ["data.index_column = lable", "did you mean 'label'"]) { Files = File("t.csv", GoodCsv) },
            new("index column for digits", Tab.With("data", "data: { source: digits, index_column: 0 }"), BadInputCase.Train, ["data.index_column = 0", "does not apply to source digits"]),
            D("csv row over 4 Mi characters", "a,b,label\n1,2,0\n" + new string('1', 4 * 1024 * 1024) + ",2,1\n", "t.csv line 3: a row of 4,194,308 characters, more than the 4,194,304 allowed"),
            D("csv header over 100,000 columns", string.Join(",", Enumerable.Range(0, 100_001).Select(i => "c" + i)) + "\n", "t.csv line 1: the header has 100,001 columns"),
            D("csv duplicate header", "a,a,label\n1,2,0\n3,4,1\n", "column name 'a' appears twice"),
            D("csv one column", "label\n0\n1\n", "t.csv"),
            new("csv label column missing", Csv.With("data", "data: { source: csv, path: t.csv, label: lable }"), BadInputCase.Train, ["data.label = lable", "did you mean 'label'"]) { Files = File("t.csv", GoodCsv) },
            new("csv not UTF-8", Csv, BadInputCase.Train, ["invalid UTF-8"]) { Files = new() { ["t.csv"] = [.. Encoding.UTF8.GetBytes("a,b,label\n1,2,0\n3,"), 0xff, .. Encoding.UTF8.GetBytes(",1\n")] } },
            new("csv path is a folder", Csv.With("data", "data: { source: csv, path: sub }"), BadInputCase.Train, ["sub"]) { Files = new() { ["sub/x"] = [] } },
            // text data
            new("text file missing", Text, BadInputCase.Train, ["t.txt"]),
            T("text empty", Text, "", "t.txt"),
            T("text too short", Text, "a\n\nb\n", "no passage has at least 2 tokens"),
            new("text not UTF-8", Text, BadInputCase.Train, ["t.txt", "UTF-8"]) { Files = new() { ["t.txt"] = [0x61, 0x62, 0xc3, 0x28, 0x63, 0x64] } },
            T("text context zero", Text.With("data", "data: { source: text, path: t.txt, context: 0 }"), "hello world\n", "data.context = 0"),
            T("text unknown vocabulary", Text.With("data", "data: { source: text, path: t.txt, vocabulary: words }"), "hello world\n", "data.vocabulary = words", "bytes"),
            T("text unknown split", Text.With("data", "data: { source: text, path: t.txt, split: lines }"), "hello world\n", "data.split = lines", "blank_line"),
            // checkpoint folders
            K("resume another batch size", fault.Replace("size: 32", "size: 64", StringComparison.Ordinal), resumeCkpt, "was written by a different config", "batch.size (32 → 64)"),
            K("resume another model", fault.Replace("hidden: [64]", "hidden: [32]", StringComparison.Ordinal), resumeCkpt, "was written by a different config", "model (mlp", "refusing to resume (--force resumes anyway)"),
            K("resume another seed", fault.Replace("seed: 7", "seed: 8", StringComparison.Ordinal), resumeCkpt, "was written by a different config", "seed (7 → 8)"),
            K("resume another optimizer", fault.Replace("kind: adamw", "kind: sgd", StringComparison.Ordinal), resumeCkpt, "was written by a different config", "optimizer (adamw"),
            K("resume other data", fault.Replace("val: 0.2", "val: 0.3", StringComparison.Ordinal), resumeCkpt, "was written by a different config", "data"),
            K("resume without --out, another config", fault.Replace("size: 32", "size: 16", StringComparison.Ordinal), ["train", "{cfg}", "--resume", "{ckpt}", "--quiet"], "batch.size (32 → 16)"),
            new("resume auto, another config", fault.Replace("size: 32", "size: 64", StringComparison.Ordinal), ["train", "{cfg}", "--out", "{run}", "--resume", "auto", "--quiet"], ["batch.size (32 → 64)"]) { CheckpointInRun = true },
            new("a fresh start into a folder that holds a run", fault, ["train", "{cfg}", "--out", "{run}", "--quiet"], ["already holds", "checkpoint", "continue it with --resume auto, or replace it with --overwrite"]) { CheckpointInRun = true },
            new("--overwrite with --resume", fault, ["train", "{cfg}", "--out", "{run}", "--resume", "auto", "--overwrite", "--quiet"], ["--overwrite starts the run again"]) { CheckpointInRun = true },
            K("resume past the final step", fault, [.. resumeCkpt, "--max-steps", "10", "--set", "lr_schedule.warmup_steps=5"], "is at step 20, past this plan's final step 10"),
            K("resume a folder that does not exist", fault, ["train", "{cfg}", "--resume", "{dir}/checkpoint_step_5", "--out", "{run}", "--quiet"], "--resume", "no such checkpoint folder"),
            new("resume a folder that is not a checkpoint", fault, ["train", "{cfg}", "--resume", "{dir}/stuff", "--out", "{run}", "--quiet"], ["--resume", "stuff"]) { Files = new() { ["stuff/a.txt"] = [1] } },
            new("resume a corrupt checkpoint", fault, ["train", "{cfg}", "--resume", "{dir}/other/checkpoint_step_20", "--out", "{run}", "--quiet"], ["checkpoint_step_20 is corrupt", "model.safetensors checksum mismatch"]) { CorruptModel = true },
        };
        if (FaultConfig.Full)
        {
            // The file-size limits, with sparse files (no disk); the runner hashes every file before and after, which
            // reads 1.25 GiB, so these run with STEPWISE_FULL=1 (DataLimitsTests covers them in the default suite).
            cases.Add(new("csv over 1 GiB", Csv, BadInputCase.Train, ["t.csv: 1,073,741,825 bytes, over the limit of 1,073,741,824 bytes"]) { SparseFiles = new() { ["t.csv"] = (1L << 30) + 1 } });
            cases.Add(new("text over 256 MiB", Text, BadInputCase.Train, ["t.txt: 268,435,457 bytes, over the limit of 268,435,456 bytes"]) { SparseFiles = new() { ["t.txt"] = (256L << 20) + 1 } });
        }
        return cases;
    }
}
