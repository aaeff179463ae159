using Stepwise.Configuration;

namespace Stepwise.Config.Tests;

/// <summary>What the tree holds: nulls, quoting, order, and the messages for files and values.</summary>
public partial class YamlConfigReaderTests
{
    [Theory]
    [InlineData("a: null", true)]
    [InlineData("a: ~", true)]
    [InlineData("a:", true)]
    [InlineData("a: NULL", true)]
    [InlineData("a: 'null'", false)]
    [InlineData("a: \"\"", false)]
    [InlineData("a: nil", false)]
    public void Scalars_PlainNullFormsAreNull_QuotedNever(string yaml, bool isNull)
    {
        var root = Assert.IsType<ConfigMapping>(YamlConfigReader.ReadText(yaml + "\n", "cfg.yaml").Value);
        Assert.Equal(isNull, Assert.IsType<ConfigScalar>(root.Get("a")).IsNull);
    }

    [Fact]
    public void Mappings_KeepSourceOrder_AndScalarsKeepTheirText()
    {
        var root = Assert.IsType<ConfigMapping>(YamlConfigReader.ReadText("z: 1\na: 0.10\nm: [3ep, '7h']\n", "cfg.yaml").Value);
        Assert.Equal(["z", "a", "m"], root.Entries.Select(e => e.Key));
        Assert.Equal("0.10", Assert.IsType<ConfigScalar>(root.Get("a")).Text);
        Assert.Equal(["3ep", "7h"], Assert.IsType<ConfigSequence>(root.Get("m")).Items.Select(i => ((ConfigScalar)i).Text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\n")]
    [InlineData("# only a comment\n  # another\n")]
    [InlineData("~\n")]
    [InlineData("---\n")]
    public void EmptyDocuments_SayTheFileIsEmpty(string yaml)
    {
        var r = YamlConfigReader.ReadText(yaml, "cfg.yaml");
        Assert.False(r.Success);
        Assert.StartsWith("cfg.yaml: the file is empty", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadFile_MissingFolderAndNonUtf8_AreOneLineEach()
    {
        string dir = Directory.CreateTempSubdirectory("stepwise-yaml-").FullName;
        try
        {
            Assert.Equal($"{dir}/nope.yaml: no such file", YamlConfigReader.ReadFile($"{dir}/nope.yaml").Error);
            Assert.Equal($"{dir}: is a folder; expected a YAML config file", YamlConfigReader.ReadFile(dir).Error);
            File.WriteAllBytes($"{dir}/latin.yaml", [0x73, 0x3a, 0x20, 0xff, 0x0a]);
            Assert.Equal($"{dir}/latin.yaml: not valid UTF-8 text; save the config as UTF-8", YamlConfigReader.ReadFile($"{dir}/latin.yaml").Error);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData("[0, 100]", "[0, 100]")]
    [InlineData("{a: 1}", "{a}")]
    [InlineData("5", "5")]
    [InlineData("'x: y'", "x: y")]
    public void ReadValue_ParsesSetValues(string text, string display)
    {
        var r = YamlConfigReader.ReadValue(text);
        Assert.True(r.Success, r.Error);
        Assert.Equal(display, r.Value.Display);
        Assert.Equal((0, 0), (r.Value.Line, r.Value.Column));
    }

    [Theory]
    [InlineData("[1, 2", "the '[' opened here is never closed")]
    [InlineData("*x", "alias *x refers to no anchor")]
    [InlineData("{a: 1, a: 2}", "key 'a' appears twice")]
    public void ReadValue_Errors_QuoteTheValue(string text, string fragment)
    {
        var r = YamlConfigReader.ReadValue(text);
        Assert.False(r.Success);
        Assert.StartsWith($"'{text}' is not a valid value: ", r.Error, StringComparison.Ordinal);
        Assert.Contains(fragment, r.Error, StringComparison.Ordinal);
    }
}
