using Stepwise.Configuration;

namespace Stepwise.Tests.Configuration;

/// <summary>The core binder on plain trees (no YAML): keys, aliases, types, ranges and duplicates, one error each.</summary>
public class ConfigBinderTests
{
    private static ConfigScalar V(string text) => new(text, false);

    private static ConfigMapping M(params (string Key, ConfigNode Value)[] entries) => new([.. entries.Select(e => new KeyValuePair<string, ConfigNode>(e.Key, e.Value))]);

    private static ConfigSequence L(params string[] items) => new([.. items.Select(i => (ConfigNode)V(i))]);

    private static (ConfigValues Values, IReadOnlyList<ConfigError> Errors) Bind(ConfigNode root) => ConfigBinder.Bind(root, ConfigSchema.Plan);

    private static string OneError(ConfigNode root)
    {
        var (_, errors) = Bind(root);
        return Assert.Single(errors).ToString();
    }

    [Fact]
    public void Bind_TypedValues_KeepTheWrittenKeyAndText()
    {
        var (v, errors) = Bind(M(
            ("data", M(("train_size", V("1000")))),
            ("batch", M(("size", V("16")), ("drop_last", V("yes")))),
            ("duration", M(("epochs", V("2.5")), ("step_time", V("12s")))),
            ("checkpoints", M(("at", L("0", "1ep", "0.5dur")), ("log_base", V("1.5")), ("spacing", V("LOG")))),
            ("stages", V("5"))));
        Assert.Empty(errors);
        Assert.Equal(1000, v.Count("data.train_size"));
        Assert.True(v.Bool("batch.drop_last", false));
        Assert.Equal(new TimeValue(2.5m, TimeUnit.Epochs), v.Time("duration.epochs"));
        Assert.Equal(new TimeValue(12, TimeUnit.Seconds), v.Time("duration.step_time"));
        Assert.Equal(["0st", "1ep", "0.5dur"], v.TimeList("checkpoints.at").Select(t => t.ToString()));
        Assert.Equal(1.5m, v.Real("checkpoints.log_base"));
        Assert.Equal("log", v.Word("checkpoints.spacing"));
        Assert.Equal("duration.epochs", v.Key("duration.epochs"));
        Assert.Equal("2.5", v.Text("duration.epochs"));
    }

    [Fact]
    public void Bind_Aliases_AtTheTopInsideSectionsAndUnderTraining()
    {
        var (v, errors) = Bind(M(
            ("max_steps", V("300")),
            ("batch", M(("per_device_train_batch_size", V("8")))),
            ("training", M(("train_iterations_per_epoch", V("2000")), ("patches_per_volume", V("16"))))));
        Assert.Empty(errors);
        Assert.Equal(new TimeValue(300, TimeUnit.Steps), v.Time("duration.max_steps"));
        Assert.Equal("max_steps", v.Key("duration.max_steps"));
        Assert.Equal(8, v.Count("batch.size"));
        Assert.Equal("batch.per_device_train_batch_size", v.Key("batch.size"));
        Assert.Equal("training.train_iterations_per_epoch", v.Key("data.steps_per_epoch"));
        Assert.Equal(16, v.Count("data.samples_per_record"));
    }

    [Fact]
    public void Bind_NullValues_AreAbsent()
    {
        var (v, errors) = Bind(M(("data", M(("train_size", ConfigScalar.Null))), ("checkpoints", ConfigScalar.Null)));
        Assert.Empty(errors);
        Assert.False(v.Has("data.train_size"));
        Assert.False(v.IsGiven("data.train_size"));
    }

    [Theory]
    [InlineData("batch", "sise", "batch.sise: unknown key; did you mean 'batch.size'?")]
    [InlineData("checkpoints", "evry", "checkpoints.evry: unknown key; did you mean 'checkpoints.every'?")]
    [InlineData("training", "max_step", "training.max_step: unknown key; did you mean 'training.max_steps'?")]
    public void Bind_UnknownKeyInASection_SuggestsTheNearestKey(string section, string key, string message) =>
        Assert.StartsWith(message, OneError(M((section, M((key, V("1")))))), StringComparison.Ordinal);

    [Fact]
    public void Bind_UnknownTopLevelKey_SuggestsASection() =>
        Assert.StartsWith("dataa: unknown key; did you mean 'data'?", OneError(M(("dataa", M()))), StringComparison.Ordinal);

    [Theory]
    [InlineData("train_size", "2.5", "data.train_size = 2.5: is fractional; allowed: a whole number ≥ 1")]
    [InlineData("train_size", "0", "data.train_size = 0: is out of range; allowed: a whole number ≥ 1")]
    [InlineData("train_size", "abc", "data.train_size = abc: not a whole number")]
    [InlineData("train_size", "99999999999999999999", "data.train_size = 99999999999999999999: is too large")]
    [InlineData("train_size", "1e400", "data.train_size = 1e400: is too large")]
    [InlineData("train_size", "-1e400", "data.train_size = -1e400: is out of range")]
    [InlineData("train_size", ".nan", "data.train_size = .nan: not a whole number")]
    [InlineData("epoch_time", "3ep", "data.epoch_time = 3ep: epochs are not allowed here")]
    public void Bind_BadValues_NameTheKeyTheValueAndWhatIsAllowed(string key, string value, string message) =>
        Assert.StartsWith(message, OneError(M(("data", M((key, V(value)))))), StringComparison.Ordinal);

    [Theory]
    [InlineData("drop_last", "maybe", "batch.drop_last = maybe: not a boolean; allowed: true or false")]
    [InlineData("size", "[1, 2]", "batch.size = [1, 2]: expected a whole number ≥ 1, got a list")]
    public void Bind_WrongKinds_AreOneLine(string key, string value, string message)
    {
        ConfigNode node = value.StartsWith('[') ? L("1", "2") : V(value);
        Assert.StartsWith(message, OneError(M(("batch", M((key, node))))), StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_AChoice_SuggestsTheNearestWord() =>
        Assert.StartsWith("checkpoints.spacing = lgo: not allowed; did you mean 'log'? (allowed: linear, log)",
            OneError(M(("checkpoints", M(("spacing", V("lgo")))))), StringComparison.Ordinal);

    [Fact]
    public void Bind_TheSameKeyThroughAnAlias_IsGivenOnce() =>
        Assert.StartsWith("max_steps = 20: duration.max_steps is already given as duration.max_steps; give it once",
            OneError(M(("duration", M(("max_steps", V("10")))), ("max_steps", V("20")))), StringComparison.Ordinal);

    [Fact]
    public void Bind_TimeListFromACommaSeparatedScalar()
    {
        var (v, errors) = Bind(M(("eval", M(("at", V("0, 100, 2ep"))))));
        Assert.Empty(errors);
        Assert.Equal(["0st", "100st", "2ep"], v.TimeList("eval.at").Select(t => t.ToString()));
        Assert.StartsWith("eval.at = [0, x]: item 'x':", OneError(M(("eval", M(("at", L("0", "x")))))), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a section as a value", "checkpoints = 5: expected a mapping of every")]
    [InlineData("a list as the root", "config = [1]: expected a mapping of sections")]
    [InlineData("an empty root", "config: is empty")]
    public void Bind_Shapes_AreChecked(string name, string message)
    {
        ConfigNode root = name switch
        {
            "a section as a value" => M(("checkpoints", V("5"))),
            "a list as the root" => L("1"),
            _ => ConfigScalar.Null,
        };
        Assert.StartsWith(message, OneError(root), StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_ReportsEveryError_NotOnlyTheFirst()
    {
        var (_, errors) = Bind(M(("batch", M(("size", V("0")), ("grad_accum", V("x")))), ("stagez", V("1"))));
        Assert.Equal(["batch.size", "batch.grad_accum", "stagez"], errors.Select(e => e.Key));
    }

    [Fact]
    public void ConfigError_QuotedLineBreaks_StayOnOneLine() =>
        Assert.Equal("name = a\\nb: bad", new ConfigError("name", "a\nb", "bad").ToString());
}
