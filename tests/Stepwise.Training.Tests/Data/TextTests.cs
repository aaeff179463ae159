using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using Stepwise.Training.Data;
using Xunit.Abstractions;

namespace Stepwise.Training.Tests.Data;

public class TextTests(ITestOutputHelper output)
{
    private const int P = SequenceDataset.PadId;

    [Fact]
    public void Windows_overlap_by_one_and_pad_targets_with_minus_one()
    {
        using var dir = new TempFolder();
        dir.Write("t.txt", "abcdefgh\n\nxy\n \nz\n");
        var d = Load.Ok(new DataSource("text", Path: "t.txt", Context: 3), baseDirectory: dir.Path);
        var s = d.Sequences!["train"];
        Assert.Equal((4, 3, 256), (s.Count, s.Context, s.Vocab));
        Assert.Equal("t.txt", s.Name);
        int A(char c) => c;
        Assert.Equal([A('a'), A('b'), A('c'), A('d'), A('e'), A('f'), A('g'), A('h'), P, A('x'), A('y'), P], s.Inputs);
        Assert.Equal([A('b'), A('c'), A('d'), A('e'), A('f'), A('g'), A('h'), -1, -1, A('y'), -1, -1], s.Targets);
        Assert.Equal(8, s.TargetTokens); // every token but a passage's first; "z" alone gives no window
        Assert.Equal(3, d.Context);
        Assert.Equal(256, d.Vocab);
        Assert.Equal(0, d.Features);
    }

    [Fact]
    public void Targets_are_inputs_shifted_by_one_within_each_passage()
    {
        var d = Load.Ok(new DataSource("text", Context: 16), seed: 3);
        var s = d.Sequences!["train"];
        for (int r = 0; r < s.Count; r++)
        {
            for (int j = 0; j + 1 < s.Context; j++)
            {
                int t = s.Targets[r * s.Context + j];
                int next = s.Inputs[r * s.Context + j + 1];
                Assert.True(t == next || t == -1, $"row {r} pos {j}");
            }
            Assert.NotEqual(-1, s.Targets[r * s.Context]);
        }
    }

    [Fact]
    public void Fixed_split_keeps_blank_lines_in_one_stream_and_crlf_is_lf()
    {
        using var dir = new TempFolder();
        dir.Write("a.txt", "ab\n\ncd");
        dir.Write("b.txt", "ab\r\n\r\ncd");
        var a = Load.Ok(new DataSource("text", Path: "a.txt", Context: 10, Split: "fixed"), baseDirectory: dir.Path);
        var b = Load.Ok(new DataSource("text", Path: "b.txt", Context: 10, Split: "fixed"), baseDirectory: dir.Path);
        Assert.Equal(1, a.TrainCount);
        Assert.Equal("ab\n\ncd", a.Vocabulary!.Decode(a.Sequences!["train"].Inputs.AsSpan(0, 6)));
        Assert.Equal(a.Fingerprint, b.Fingerprint);
    }

    [Fact]
    public void Chars_vocabulary_is_sorted_distinct_and_round_trips()
    {
        using var dir = new TempFolder();
        dir.Write("c.txt", "héllo wörld 😀\n\nbye");
        var d = Load.Ok(new DataSource("text", Path: "c.txt", Vocabulary: "chars", Context: 4), baseDirectory: dir.Path);
        var v = d.Vocabulary!;
        Assert.Equal("chars", v.Kind);
        var chars = v.Characters.Select(r => r.Value).ToArray();
        Assert.Equal(chars.Order().Distinct(), chars);
        Assert.Equal("\n bdehlorwyéö😀".EnumerateRunes().Select(r => r.Value).Order(), chars);
        Assert.Equal(v.Size, d.Vocab);
        Assert.Equal("héllo wörld 😀", v.Decode(v.Encode("héllo wörld 😀")));
        string alphabet = string.Concat(v.Characters.Select(r => r.ToString()));
        var gen = Gen.ListOf(Gen.Elements(v.Characters.ToArray())).Select(l => string.Concat(l.Select(r => r.ToString())));
        Prop.ForAll(gen.ToArbitrary(), s => v.Decode(v.Encode(s)) == s).QuickCheckThrowOnFailure();
        var bad = v.TryEncode("hello!");
        Assert.False(bad.Success);
        Assert.Contains("'!' (U+0021) at position 5", bad.Error);
        Assert.Throws<ArgumentException>(() => v.Encode("x"));
        Assert.NotEmpty(alphabet);
    }

    [Fact]
    public void Bytes_vocabulary_encodes_utf8_and_decode_skips_ignore_index()
    {
        var v = TextVocabulary.Bytes;
        Assert.Equal([0x68, 0xC3, 0xA9], v.Encode("hé"));
        Assert.Equal("hé", v.Decode([0x68, 0xC3, -1, 0xA9]));
        Assert.Equal("\uFFFD", v.Decode([0xFF]));
        Assert.Throws<ArgumentOutOfRangeException>(() => v.Decode([256]));
        Prop.ForAll(ArbMap.Default.ArbFor<string>().Filter(s => s is not null && !s.Any(char.IsSurrogate)), s => v.Decode(v.Encode(s)) == s).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Generated_corpus_needs_no_file_and_follows_the_seed()
    {
        var a = Load.Ok(new DataSource("text", Splits: Load.Splits(("val", 0.1))), seed: 1);
        var b = Load.Ok(new DataSource("text", Splits: Load.Splits(("val", 0.1))), seed: 1);
        var c = Load.Ok(new DataSource("text", Splits: Load.Splits(("val", 0.1))), seed: 2);
        Assert.Equal("generated", a.Sequences!["train"].Name);
        Assert.Equal(a.Fingerprint, b.Fingerprint);
        Assert.NotEqual(a.Fingerprint, c.Fingerprint);
        Assert.True(a.TrainCount > 1000, $"{a.TrainCount} windows");
        Assert.Equal(["train", "val"], a.SplitNames);
        string sample = a.Vocabulary!.Decode(a.Sequences["train"].Inputs.AsSpan(0, 64));
        output.WriteLine(sample);
        Assert.All(sample, ch => Assert.True(ch == '\0' || ch is >= ' ' and <= 'z', $"char {(int)ch}"));
        var chars = Load.Ok(new DataSource("text", Vocabulary: "chars"), seed: 1);
        Assert.InRange(chars.Vocab, 20, 60);
    }

    [Fact]
    public void Text_splits_partition_the_windows()
    {
        var d = Load.Ok(new DataSource("text", Context: 32, Splits: Load.Splits(("val", 0.1), ("test", 0.05))), seed: 8);
        var all = Load.Ok(new DataSource("text", Context: 32), seed: 8);
        long total = all.TrainCount;
        Assert.Equal(total, d.SplitNames.Sum(s => (long)d.Sequences![s].Count));
        Assert.Equal(Enumerable.Range(0, (int)total), d.SplitNames.SelectMany(s => d.SourceRows[s]).Order());
        Assert.Equal((int)(total / 10), d.Sequences!["val"].Count);
        Assert.Equal(30, Load.Ok(new DataSource("text", Context: 32, N: 30), seed: 8).TrainCount);
    }

    public static TheoryData<string, string?, DataSource, string[]> Bad => new()
    {
        { "missing", null, new DataSource("text", Path: "none.txt"), ["data.path = none.txt", "file not found", "UTF-8 text file"] },
        { "empty", "", new DataSource("text", Path: "t.txt"), ["t.txt", "empty", "2 or more tokens"] },
        { "invalid utf-8", "ab\n\u0001", new DataSource("text", Path: "t.txt"), ["t.txt line 2", "invalid UTF-8 at byte 3", "must be UTF-8"] },
        { "too short", "a\n\nb\n\n", new DataSource("text", Path: "t.txt"), ["t.txt", "no passage has at least 2 tokens", "2 passage(s)", "longest has 1 bytes token"] },
        { "blank only", "\n \n\t\n", new DataSource("text", Path: "t.txt"), ["no passage has at least 2 tokens", "0 passage(s)"] },
        { "context 0", "abc", new DataSource("text", Path: "t.txt", Context: 0), ["data.context = 0", "1..1048576"] },
        { "bad vocabulary", "abc", new DataSource("text", Path: "t.txt", Vocabulary: "words"), ["data.vocabulary = words", "bytes, chars"] },
        { "bad split", "abc", new DataSource("text", Path: "t.txt", Split: "lines"), ["data.split = lines", "blank_line, fixed"] },
        { "n too large", "abcdef", new DataSource("text", Path: "t.txt", N: 5), ["data.n = 5", "has 1 rows", "1..1"] },
    };

    [Theory]
    [MemberData(nameof(Bad))]
    public void Bad_text_input_is_a_one_line_error(string name, string? content, DataSource spec, string[] fragments)
    {
        using var dir = new TempFolder();
        if (content is not null)
        {
            byte[] bytes = System.Text.Encoding.UTF8.GetBytes(content);
            for (int i = 0; i < bytes.Length; i++) if (bytes[i] == 1) bytes[i] = 0xC3;
            dir.Write("t.txt", bytes);
        }
        string error = Load.Error(spec, baseDirectory: dir.Path);
        foreach (string f in fragments) Assert.True(error.Contains(f, StringComparison.Ordinal), $"{name}: '{error}' lacks '{f}'");
    }

    [Fact]
    public void Tiny_shakespeare_loads_when_present()
    {
        string? path = FindShared("tinyshakespeare.txt");
        if (path is null)
        {
            output.WriteLine("skipped: shared/data/tinyshakespeare.txt not found (optional reference data)");
            return;
        }
        var sw = Stopwatch.StartNew();
        var d = Load.Ok(new DataSource("text", Path: path, Vocabulary: "chars", Context: 64, Splits: Load.Splits(("val", 0.1))), seed: 1);
        output.WriteLine($"{path}: vocab {d.Vocab}, train {d.TrainCount} windows, val {d.Sequences!["val"].Count}, {sw.ElapsedMilliseconds} ms, fingerprint {d.Fingerprint}");
        Assert.Equal(65, d.Vocab);
        Assert.True(d.TrainCount > 10_000);
        var bytes = Load.Ok(new DataSource("text", Path: path, Context: 256, Split: "fixed"));
        Assert.Equal((1_115_394L - 1 + 255) / 256, bytes.TrainCount);
    }

    private static string? FindShared(string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = System.IO.Path.Combine(dir.FullName, "shared", "data", file);
            if (File.Exists(candidate)) return candidate;
            candidate = System.IO.Path.Combine(dir.FullName, "..", "shared", "data", file);
            if (File.Exists(candidate)) return System.IO.Path.GetFullPath(candidate);
        }
        return null;
    }
}
