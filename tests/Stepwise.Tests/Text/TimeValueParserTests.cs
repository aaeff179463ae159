namespace Stepwise.Tests.Text;

public class TimeValueParserTests
{
    [Theory]
    [InlineData("3ep", null, "3", TimeUnit.Epochs)]
    [InlineData("2.5ep", null, "2.5", TimeUnit.Epochs)]
    [InlineData("630st", null, "630", TimeUnit.Steps)]
    [InlineData("630ba", null, "630", TimeUnit.Steps)]
    [InlineData("630 ST", null, "630", TimeUnit.Steps)]
    [InlineData("1000sp", null, "1000", TimeUnit.Samples)]
    [InlineData("2e6tok", null, "2000000", TimeUnit.Tokens)]
    [InlineData("0.5dur", null, "0.5", TimeUnit.Duration)]
    [InlineData("7h", null, "25200", TimeUnit.Seconds)]
    [InlineData("90m", null, "5400", TimeUnit.Seconds)]
    [InlineData("25200s", null, "25200", TimeUnit.Seconds)]
    [InlineData("1.5d", null, "129600", TimeUnit.Seconds)]
    [InlineData("250ms", null, "0.25", TimeUnit.Seconds)]
    [InlineData("9007199254740993st", null, "9007199254740993", TimeUnit.Steps)]
    [InlineData("9223372036854775807st", null, "9223372036854775807", TimeUnit.Steps)]
    [InlineData("10", TimeUnit.Epochs, "10", TimeUnit.Epochs)]
    [InlineData("630", TimeUnit.Steps, "630", TimeUnit.Steps)]
    [InlineData("12", TimeUnit.Seconds, "12", TimeUnit.Seconds)]
    [InlineData(" +4st ", null, "4", TimeUnit.Steps)]
    public void Parse_Valid(string text, TimeUnit? bare, string amount, TimeUnit unit)
    {
        var r = TimeValueParser.Parse(text, bare);
        Assert.True(r.Success, r.Error);
        Assert.Equal(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), r.Value.Amount);
        Assert.Equal(unit, r.Value.Unit);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("st", "does not start with a number")]
    [InlineData("630", "has no unit")]
    [InlineData("3xx", "unknown unit 'xx'")]
    [InlineData("630.5st", "fractional")]
    [InlineData("1.5sp", "fractional")]
    [InlineData("2.5e0tok", "fractional")]
    [InlineData("-3ep", "negative")]
    [InlineData("9223372036854775808st", "too large")]
    [InlineData("1e400st", "too large")]
    [InlineData("99999999999999999999999999999999st", "too large")]
    [InlineData("1.2.3ep", "not a number")]
    public void Parse_Invalid_SaysWhy(string text, string fragment)
    {
        var r = TimeValueParser.Parse(text);
        Assert.False(r.Success);
        Assert.Contains(fragment, r.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("3ep", "3ep")]
    [InlineData("2.50ep", "2.5ep")]
    [InlineData("7h", "25200s")]
    [InlineData("2e6tok", "2000000tok")]
    [InlineData("630ba", "630st")]
    public void Format_IsCanonical(string text, string formatted)
    {
        Assert.Equal(formatted, TimeValueParser.Parse(text).Value.ToString());
    }

    [Fact]
    public void StepAlgebra_PointsAndLengthsDiffer()
    {
        var a = new Step(10);
        var b = a + new StepCount(5);
        Assert.Equal(15, b.Value);
        Assert.Equal(new StepCount(5), b - a);
        Assert.Throws<ArgumentOutOfRangeException>(() => a - b);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Step(-1));
        Assert.Throws<OverflowException>(() => new Step(long.MaxValue) + new StepCount(1));
        var w = new StepWindow(126, 251);
        Assert.Equal(126, w.Length.Value);
        Assert.Equal(new Step(252), w.LastState);
        Assert.True(w.Contains(251));
        Assert.False(w.Contains(252));
    }
}
