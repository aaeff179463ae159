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
