using FsCheck;
using FsCheck.Fluent;
using Stepwise.Config;
using Stepwise.Configuration;
using Stepwise.Training.Setup;

namespace Stepwise.Fault.Tests;

/// <summary>FsCheck fuzzing of the time-string and config parsers: no input makes them throw, and every error is one
/// non-empty line.</summary>
public class ParserFuzzTests
{
    private static readonly FsCheck.Config Quick = FsCheck.Config.QuickThrowOnFailure.WithMaxTest(FaultConfig.Full ? 5000 : 500);

    private static readonly string[] TimeTokens =
        ["0", "1", "7", "-", "+", ".", "e", "E", "1e400", "9223372036854775808", "st", "ep", "sp", "tok", "dur", "h", "m", "s", "ms", "d",
         "steps", "epochs", " ", "\t", "_", ",", "\u00a0", "٣", "∞", "NaN", "inf", "0x1F", "1/2", "½"];

    private static readonly string[] YamlTokens =
        ["{", "}", "[", "]", ":", ", ", "-", "#", "&a", "*a", "!!int", "|", ">", "'", "\"", "%", "@", "`", "\n", "\n  ", "  ", "~", "null",
         "seed", "data", "source", "digits", "csv", "text", "model", "kind", "mlp", "hidden", "optimizer", "lr", "batch", "size",
         "duration", "max_steps", "epochs", "checkpoints", "every", "eval", "splits", "val", "0.2", "1e400", "-1", "0", "3xx", "7h", ".nan",
         ".inf", "true", "yes", "<<", "? ", "---", "...", "\u0000", "\ufeff", "é"];

    private static readonly string[] HostileValues =
        ["0", "-1", "1e400", "-1e400", "9223372036854775808", ".nan", ".inf", "-.inf", "~", "''", "[]", "{}", "[1, [2]]", "{a: {b: 1}}",
         "3xx", "7h", "0.5dur", "30st", "2ep", "1e-400", "0x10", "true", "null", "\"\\u0000\"", "&x 1", "*x", "!!binary aGk=",
         new string('9', 500), "1.5", "abc", "digits", "[0.9]", "[1, 2, 3]", "-0", "+5", "1_000", "٣"];

    private const string Valid = """
        seed: 1
        data: { source: digits, splits: { val: 0.2 } }
        model: { kind: mlp, hidden: [8] }
        optimizer: { kind: adamw, lr: 0.01 }
        lr_schedule: { kind: cosine, warmup_steps: 2 }
        batch: { size: 32 }
        duration: { max_steps: 20 }
        eval: { every: 10 }
        checkpoints: { every: 5, keep_last: 2 }
        log: { every: 5 }
        """;

    private static readonly string[] ValidLines = Valid.Split('\n');

    /// <summary>Block-style YAML with comments, anchors, quotes and lists, for the reader's mutation fuzz.</summary>
    private const string Block = """
        # a planning config in block style
        name: "fuzz run"
        data:
          train_size: 1000   # N
          unique_samples: &u 500
        batch:
          size: 16
          grad_accum: 2
        duration:
          epochs: 2.5
          max_steps: 300
        checkpoints:
          every: 2ep
          at: [0, 10, '0.5dur']
          keep_last: *u
        eval:
          at:
            - 0
            - 1ep
        stages: 3
        """;

    /// <summary>Fragments the reader's mutations insert: indentation, brackets, quotes, anchors, aliases, tabs, breaks.</summary>
    private static readonly string[] Inserts =
        ["\t", "  ", "\n", "\r\n", "\r", "[", "]", "{", "}", "'", "\"", ": ", ":", "- ", "? ", "&a ", "*a", "&b [*a, *a]", "*zz", "#", "---\n",
         "...", "!!str ", "!x ", "|", ">-", "\\", "\\q", "@", "`", "%", "\u0000", "\u0085", "\u2028", "\ufeff", "\ud800", "é", "💥", "~", "null",
         "<<: *a", "{a: 1, a: 2}", new string('[', 70), new string('{', 70), "a: &x [*x]"];

    private static Gen<string> Soup(string[] tokens, int max) =>
        Gen.Elements(tokens).ListOf().Select(l => string.Concat(l.Take(max)));

    private static Gen<string> AnyString() => ArbMap.Default.GeneratorFor<string>().Select(s => s ?? "");

    private static void OneLine(string? error, string input)
    {
        if (error is null) return;
        // The messages quote the offending text, so only inputs without line breaks must give single-line errors.
        if (error.Length == 0 || (!input.Contains('\n', StringComparison.Ordinal) && !input.Contains('\r', StringComparison.Ordinal) && error.Contains('\n', StringComparison.Ordinal)))
            throw new InvalidOperationException($"error for {input.Replace("\n", "\\n", StringComparison.Ordinal)} is not one line: '{error}'");
    }

    [Fact]
    public void Time_strings_never_throw()
    {
        TimeUnit?[] bare = [null, TimeUnit.Steps, TimeUnit.Epochs, TimeUnit.Seconds, TimeUnit.Tokens, TimeUnit.Samples, TimeUnit.Duration];
        Prop.ForAll(Gen.OneOf(AnyString(), Soup(TimeTokens, 8)).ToArbitrary(), Gen.Elements(bare).ToArbitrary(), (text, unit) =>
        {
            var r = TimeValueParser.Parse(text, unit);
            OneLine(r.Error, text);
            if (r.Success) _ = r.Value.ToString();
        }).Check(Quick);
    }

    /// <summary>Text → YAML reader → run schema binder → RunConfig; random text and YAML token soup.</summary>
    [Fact]
    public void Config_text_never_throws_in_the_reader_or_the_binder()
    {
        Prop.ForAll(Gen.OneOf(AnyString(), Soup(YamlTokens, 40)).ToArbitrary(), text =>
        {
            var read = YamlConfigReader.ReadText(text, "fuzz.yaml");
            OneLine(read.Error, text);
            if (!read.TryGetValue(out var root)) return;
            var (values, errors) = ConfigBinder.Bind(root, RunSchema.Run);
            foreach (var e in errors) OneLine(e.ToString(), text);
            if (errors.Count == 0) RunConfig.FromValues(values).Errors.ToList().ForEach(e => OneLine(e.ToString(), text));
        }).Check(Quick);
    }

    /// <summary>
    /// The YAML reader on random text and on mutated documents (insertions of YAML syntax, deletions, duplicated and
    /// swapped lines, nesting and alias bombs): every input gives a tree or a one-line error, never an exception, and
    /// within a few seconds (a hang fails the test instead of blocking it).
    /// </summary>
    [Fact]
    public void Yaml_reader_never_throws_or_hangs_on_random_and_mutated_documents()
    {
        string[] bases = [Valid, Block, "a0: &a0 [x,x,x,x,x,x,x,x,x]\na1: &a1 [*a0,*a0,*a0,*a0,*a0,*a0,*a0,*a0,*a0]\n", ""];
        var edit =
            from kind in Gen.Choose(0, 4)
            from at in Gen.Choose(0, 10_000)
            from length in Gen.Choose(1, 12)
            from insert in Gen.Elements(Inserts)
            select (kind, at, length, insert);
        var mutated =
            from doc in Gen.Elements(bases)
            from edits in edit.ListOf()
            select edits.Take(6).Aggregate(doc, Mutate);
        var nested =
            from depth in Gen.Choose(1, 300)
            from open in Gen.Elements("[", "{a: ", "- ", "k:\n  ")
            select "seed: " + string.Concat(Enumerable.Repeat(open, depth)) + "1" + (open == "[" ? new string(']', depth) : open == "{a: " ? new string('}', depth) : "");
        Prop.ForAll(Gen.OneOf(AnyString(), Soup(YamlTokens, 60), mutated, nested).ToArbitrary(), text =>
        {
            var task = Task.Run(() => YamlConfigReader.ReadText(text, "fuzz.yaml"));
            if (!task.Wait(TimeSpan.FromSeconds(10))) throw new TimeoutException($"the reader hung on: {Show(text)}");
            var read = task.Result;
            if (read.Success) WithinLimits(read.Value, text);
            else if (read.Error is not { Length: > 0 } error || error.Contains('\n', StringComparison.Ordinal) || error.Contains('\r', StringComparison.Ordinal))
                throw new InvalidOperationException($"error for {Show(text)} is not one line: '{read.Error}'");
            var value = YamlConfigReader.ReadValue(text);
            if (!value.Success && value.Error!.Length == 0) throw new InvalidOperationException("empty error");
        }).Check(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(FaultConfig.Full ? 5000 : 700));
    }

    /// <summary>A tree the reader returns respects the limits: nodes counted with every shared (aliased) node expanded.</summary>
    private static void WithinLimits(ConfigNode root, string text)
    {
        long nodes = 0;
        var stack = new Stack<(ConfigNode Node, int Depth)>([(root, 0)]);
        while (stack.Count > 0)
        {
            var (node, depth) = stack.Pop();
            nodes += node is ConfigMapping ? 1 + ((ConfigMapping)node).Entries.Count : 1;
            if (node is not ConfigScalar && depth + 1 > YamlLimits.MaxDepth) throw new InvalidOperationException($"depth {depth + 1} accepted: {Show(text)}");
            if (nodes > YamlLimits.MaxNodes) throw new InvalidOperationException($"{nodes} nodes accepted: {Show(text)}");
            if (node is ConfigMapping m) foreach (var e in m.Entries) stack.Push((e.Value, depth + 1));
            if (node is ConfigSequence q) foreach (var i in q.Items) stack.Push((i, depth + 1));
        }
    }

    private static string Mutate(string doc, (int Kind, int At, int Length, string Insert) e)
    {
        int at = doc.Length == 0 ? 0 : e.At % (doc.Length + 1);
        string[] lines = doc.Split('\n');
        int line = e.At % lines.Length;
        switch (e.Kind)
        {
            case 0: return doc.Insert(at, e.Insert);
            case 1: return doc.Remove(at, Math.Min(e.Length, doc.Length - at));
            case 2: return string.Join("\n", lines.Take(line + 1).Append(lines[line]).Concat(lines.Skip(line + 1)));
            case 3:
                int other = (line + e.Length) % lines.Length;
                (lines[line], lines[other]) = (lines[other], lines[line]);
                return string.Join("\n", lines);
            default:
                lines[line] = new string(' ', e.Length % 5) + lines[line].TrimStart();
                return string.Join("\n", lines);
        }
    }

    private static string Show(string text) => text.Length > 300 ? text[..300].Replace("\n", "\\n", StringComparison.Ordinal) + "…" : text.Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>A valid run config with hostile values, deleted lines and stray keys, through the whole setup
    /// (bind, data, plan, schedules): errors, never exceptions.</summary>
    [Fact]
    public void Mutated_run_configs_never_throw_in_the_setup()
    {
        var mutation =
            from line in Gen.Choose(0, ValidLines.Length - 1)
            from kind in Gen.Choose(0, 3)
            from value in Gen.Elements(HostileValues)
            from key in Gen.Elements("seed", "threads", "stages", "lr", "hidden", "every", "size", "max_steps", "epochs", "splits", "val", "source", "kind", "warmup_steps", "keep_last")
            select (line, kind, value, key);
        var config = mutation.ListOf().Select(ms =>
        {
            var lines = ValidLines.ToList();
            foreach (var (line, kind, value, key) in ms.Take(3))
            {
                int i = Math.Min(line, lines.Count - 1);
                if (i < 0) break;
                switch (kind)
                {
                    case 0: // replace one value inside the line
                        int colon = lines[i].LastIndexOf(": ", StringComparison.Ordinal);
                        if (colon > 0)
                        {
                            int end = lines[i].IndexOfAny([',', '}'], colon);
                            lines[i] = lines[i][..(colon + 2)] + value + (end > 0 ? lines[i][end..] : "");
                        }
                        break;
                    case 1:
                        lines.RemoveAt(i);
                        break;
                    case 2:
                        lines.Add($"{key}: {value}");
                        break;
                    default: // the key itself nested somewhere
                        int brace = lines[i].IndexOf('{', StringComparison.Ordinal);
                        if (brace > 0) lines[i] = lines[i][..(brace + 1)] + $" {key}: {value}," + lines[i][(brace + 1)..];
                        break;
                }
            }
            return string.Join("\n", lines);
        });
        string baseDir = Path.GetTempPath();
        Prop.ForAll(config.ToArbitrary(), text =>
        {
            var read = YamlConfigReader.ReadText(text, "fuzz.yaml");
            OneLine(read.Error, text);
            if (!read.TryGetValue(out var root)) return;
            var (setup, errors) = RunSetup.Create(root, baseDir);
            foreach (var e in errors) OneLine(e.ToString(), text);
            if (setup is not null)
            {
                _ = setup.Plan.Checkpoints.Enumerate().Count();
                _ = setup.LrSchedule;
            }
        }).Check(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(FaultConfig.Full ? 2000 : 200));
    }
}
