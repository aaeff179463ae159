using System.Diagnostics;
using System.Text;
using Stepwise.Configuration;

namespace Stepwise.Config.Tests;

/// <summary>The limits of <see cref="YamlLimits"/> hold while reading: each breach is one line, fast, with little memory.</summary>
public partial class YamlConfigReaderTests
{
    /// <summary>Nine levels of nine aliases: 450 bytes that expand to 9⁹ ≈ 387 million nodes.</summary>
    internal static string AliasBomb()
    {
        var sb = new StringBuilder("a0: &a0 [x,x,x,x,x,x,x,x,x]\n");
        for (int i = 1; i <= 9; i++) sb.Append($"a{i}: &a{i} [{string.Join(",", Enumerable.Repeat($"*a{i - 1}", 9))}]\n");
        return sb.ToString();
    }

    [Fact]
    public void AliasBomb_IsRefusedAtTheAliasThatCrossesTheLimit_InMilliseconds()
    {
        string bomb = AliasBomb();
        Assert.True(bomb.Length < 500, $"{bomb.Length} bytes");
        var watch = Stopwatch.StartNew();
        var r = YamlConfigReader.ReadText(bomb, "bomb.yaml");
        watch.Stop();
        Assert.False(r.Success);
        // a_i holds 1 + 9·a_(i−1) nodes (a0: 10): a5 is 597,871, so the first *a5 in a6's list (line 7, column 10)
        // takes the running count past 1,000,000.
        Assert.StartsWith("bomb.yaml:7:10: ", r.Error, StringComparison.Ordinal);
        Assert.Contains("1,000,000 nodes", r.Error, StringComparison.Ordinal);
        Assert.True(watch.ElapsedMilliseconds < 5000, $"{watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void Aliases_WithinTheLimit_AreResolved_AndCountAsTheirWholeNode()
    {
        var r = YamlConfigReader.ReadText("base: &b { size: 16, grad_accum: 2 }\nbatch: *b\nat: &l [1, 2]\nmore: [*l, *l]\n", "cfg.yaml");
        Assert.True(r.Success, r.Error);
        var root = Assert.IsType<ConfigMapping>(r.Value);
        var batch = Assert.IsType<ConfigMapping>(root.Get("batch"));
        Assert.Equal("16", Assert.IsType<ConfigScalar>(batch.Get("size")).Text);
        var more = Assert.IsType<ConfigSequence>(root.Get("more"));
        Assert.Equal(2, more.Items.Count);
        Assert.All(more.Items, i => Assert.Equal(2, Assert.IsType<ConfigSequence>(i).Items.Count));
    }

    [Fact]
    public void NodeLimit_CountsAliasExpansion_ExactlyAtTheBoundary()
    {
        // A list of n scalars is n + 1 nodes; the root mapping adds 1 and the key 1, so n = MaxNodes − 3 fits exactly.
        long fits = YamlLimits.MaxNodes - 3;
        Assert.True(YamlConfigReader.ReadText("at: [" + string.Join(",", Enumerable.Repeat("1", (int)fits)) + "]\n", "a.yaml").Success);
        var over = YamlConfigReader.ReadText("at: [" + string.Join(",", Enumerable.Repeat("1", (int)fits + 1)) + "]\n", "b.yaml");
        Assert.False(over.Success);
        Assert.Contains("nodes", over.Error, StringComparison.Ordinal);
        // Through an alias: &l holds k + 1 nodes and *l adds them again, so the document is 2k + 5 nodes.
        long k = (YamlLimits.MaxNodes - 5) / 2;
        string list = string.Join(",", Enumerable.Repeat("1", (int)k));
        Assert.True(YamlConfigReader.ReadText($"a: &l [{list}]\nb: *l\n", "c.yaml").Success);
        var viaAlias = YamlConfigReader.ReadText($"a: &l [{list},1]\nb: *l\n", "d.yaml");
        Assert.StartsWith("d.yaml:2:4: ", viaAlias.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData('[', ']')]
    [InlineData('{', '}')]
    public void DeepNesting_50000Brackets_IsOneLineNotAStackOverflow(char open, char close)
    {
        string inner = open == '{' ? "a: " : "";
        string yaml = "seed: " + string.Concat(Enumerable.Repeat(open + inner, 50_000)) + "1" + new string(close, 50_000) + "\n";
        var r = YamlConfigReader.ReadText(yaml, "deep.yaml");
        Assert.False(r.Success);
        Assert.Contains("nesting deeper than 64 levels", r.Error, StringComparison.Ordinal);
        Assert.StartsWith("deep.yaml:1:", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Depth_64_IsAccepted_65_IsRefused_BlockStyleToo()
    {
        static string Block(int levels) => string.Concat(Enumerable.Range(0, levels).Select(i => new string(' ', 2 * i) + $"k{i}:\n")) + new string(' ', 2 * levels) + "v: 1\n";
        // `levels` nested keys hold levels + 1 mappings (the root is one).
        Assert.True(YamlConfigReader.ReadText(Block(YamlLimits.MaxDepth - 1), "ok.yaml").Success);
        var r = YamlConfigReader.ReadText(Block(YamlLimits.MaxDepth), "deep.yaml");
        Assert.False(r.Success);
        Assert.StartsWith($"deep.yaml:{YamlLimits.MaxDepth + 1}:{2 * YamlLimits.MaxDepth + 1}: ", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void FileSize_OverTheLimit_IsRefusedBeforeParsing_NamingBothSizes()
    {
        string dir = Directory.CreateTempSubdirectory("stepwise-yaml-").FullName;
        try
        {
            string big = Path.Combine(dir, "big.yaml");
            File.WriteAllText(big, "name: " + new string('x', (int)YamlLimits.MaxBytes) + "\n");
            var r = YamlConfigReader.ReadFile(big);
            Assert.False(r.Success);
            Assert.Contains($"{big}: 4,194,311 bytes, over the limit of 4,194,304 bytes", r.Error, StringComparison.Ordinal);
            string fits = Path.Combine(dir, "fits.yaml");
            File.WriteAllText(fits, "name: " + new string('x', (int)YamlLimits.MaxBytes - 7) + "\n");
            Assert.True(YamlConfigReader.ReadFile(fits).Success);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void EndlessFile_IsReadOnlyUpToTheLimit()
    {
        if (!File.Exists("/dev/zero")) return;
        var r = YamlConfigReader.ReadFile("/dev/zero");
        Assert.False(r.Success);
        Assert.Contains("over the limit", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void SetValue_UsesTheSameLimits()
    {
        var r = YamlConfigReader.ReadValue(string.Concat(Enumerable.Repeat("[", 1000)) + new string(']', 1000));
        Assert.False(r.Success);
        Assert.Contains("is not a valid value: nesting deeper than 64 levels", r.Error, StringComparison.Ordinal);
    }
}
