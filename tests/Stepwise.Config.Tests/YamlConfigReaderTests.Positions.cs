using Stepwise.Configuration;

namespace Stepwise.Config.Tests;

/// <summary>Every YAML error names the line and column (1-based) where a person sees the problem in an editor.</summary>
public partial class YamlConfigReaderTests
{
    /// <summary>(name, YAML with \t for tabs, expected "line:column", a fragment of the message).</summary>
    public static TheoryData<string, string, string, string> Positions() => new()
    {
        // Tabs: YamlDotNet reports these at the end of the previous line (2:11) or at the mapping's start (1:1).
        { "tab indenting a key on line 3", "batch:\n  size: 16\n\tgrad_accum: 2\n", "3:1", "a tab in the indentation" },
        { "tab under a scalar value", "name: quickstart\nbatch:\n  size: 16\n\tx: 1\n", "4:1", "a tab in the indentation" },
        { "tab as the only indentation", "seed: 1\nbatch:\n\tsize: 16\n", "3:1", "spaces only" },
        { "tab after spaces", "batch:\n  size: 16\n  \tgrad_accum: 2\n", "3:3", "a tab in the indentation" },
        { "tab indenting a flow section", "seed: 1\nbatch: { size: 16 }\n\tdata: 1\n", "3:1", "a tab in the indentation" },
        { "tab in a list", "at:\n  - 1\n\t- 2\n", "3:1", "a tab in the indentation" },
        { "tab with CRLF line ends", "batch:\r\n  size: 16\r\n\tgrad_accum: 2\r\n", "3:1", "a tab in the indentation" },
        // Brackets and quotes: YamlDotNet stops at the end of the file; the problem is where the bracket opened.
        { "unclosed [ at the end", "seed: 1\nat: [1, 2\n", "2:5", "the '[' opened here is never closed" },
        { "unclosed { across lines", "seed: 1\nbatch: {size: 2\nx: 1\n", "2:8", "the '{' opened here is never closed" },
        { "unclosed { in a section", "seed: 1\nbatch:\n  size: 16\n  more: {a: 1, b\n", "4:9", "the '{' opened here is never closed" },
        { "unclosed inner [", "at: [[1, 2], [3\n", "1:14", "the '[' opened here is never closed" },
        { "unclosed single quote", "seed: 1\nname: 'abc\n", "2:7", "never closed (add the closing ')" },
        { "unclosed double quote", "seed: 1\nname: \"abc\n", "2:7", "never closed (add the closing \")" },
        { "double quote runs onto the next line", "a: \"abc\nb: 1\n", "1:4", "not closed on its line" },
        { "unknown escape", "seed: 1\nname: \"ab\\qc\"\n", "2:10", "unknown escape" },
        { "reserved @", "seed: 1\nname: @foo\n", "2:7", "'@' cannot start a plain value" },
        { "reserved backtick", "name: `x`\n", "1:7", "'`' cannot start a plain value" },
        // Structure.
        { "value with ': '", "seed: 1\na: b: c\n", "2:5", "unexpected ':'" },
        { "key indented too far", "seed: 1\n  name: x\n", "2:7", "line up" },
        { "key indented between levels", "batch:\n  size: 16\n grad_accum: 2\n", "3:2", "expected a 'key: value' line" },
        { "list item inside a mapping", "seed: 1\n- 2\n", "2:1", "expected a 'key: value' line" },
        { "stray ]", "seed: 1\nname: [1, 2]]\n", "2:13", "expected a 'key: value' line" },
        { "duplicate key", "seed: 1\nbatch: { size: 2 }\nseed: 2\n", "3:1", "key 'seed' appears twice in the same mapping (first at 1:1)" },
        { "duplicate key in a flow mapping", "batch: { size: 2, size: 3 }\n", "1:19", "key 'size' appears twice" },
        { "list as a key", "seed: 1\n? [a]\n: 1\n", "2:3", "a key must be a plain name, not a list" },
        { "undefined alias", "seed: 1\nname: *nope\n", "2:7", "alias *nope refers to no anchor" },
        { "two documents", "seed: 1\n---\nseed: 2\n", "2:1", "a second YAML document" },
        { "BOM does not shift columns", "\uFEFFseed: 1\n\tname: x\n", "2:1", "a tab in the indentation" },
    };

    [Theory]
    [MemberData(nameof(Positions))]
    public void ReadText_Error_NamesTheLineAndColumnOfTheProblem(string name, string yaml, string position, string fragment)
    {
        var r = YamlConfigReader.ReadText(yaml, "cfg.yaml");
        Assert.False(r.Success, $"{name}: parsed");
        Assert.StartsWith($"cfg.yaml:{position}: invalid YAML: ", r.Error, StringComparison.Ordinal);
        Assert.Contains(fragment, r.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", r.Error!, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadText_NodePositions_AreOneBasedLineAndColumn()
    {
        var r = YamlConfigReader.ReadText("seed: 1\nbatch:\n  size: 16\nat: [1, 20]\n", "cfg.yaml");
        Assert.True(r.Success, r.Error);
        var root = Assert.IsType<ConfigMapping>(r.Value);
        var batch = Assert.IsType<ConfigMapping>(root.Get("batch"));
        Assert.Equal((3, 3), (batch.Line, batch.Column));
        var size = Assert.IsType<ConfigScalar>(batch.Get("size"));
        Assert.Equal((3, 9), (size.Line, size.Column));
        var at = Assert.IsType<ConfigSequence>(root.Get("at"));
        Assert.Equal((4, 5), (at.Line, at.Column));
        Assert.Equal((4, 9), (at.Items[1].Line, at.Items[1].Column));
    }
}
