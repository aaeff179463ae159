namespace Stepwise.Tests.Text;

public class TimeValueTextTests
{
    [Theory]
    [InlineData("3000000st", "3,000,000 steps")]
    [InlineData("1st", "1 step")]
    [InlineData("0st", "0 steps")]
    [InlineData("2.5ep", "2.5 epochs")]
    [InlineData("1ep", "1 epoch")]
    [InlineData("1234567.25ep", "1,234,567.25 epochs")]
    [InlineData("5000sp", "5,000 samples")]
    [InlineData("2e9tok", "2,000,000,000 tokens")]
    [InlineData("0.5dur", "0.5 of the run")]
    [InlineData("7h", "25,200 s")]
    [InlineData("250ms", "0.25 s")]
    [InlineData("9223372036854775807st", "9,223,372,036,854,775,807 steps")]
    public void Describe_GroupsThousandsAndNamesTheUnit(string text, string words) =>
        Assert.Equal(words, TimeValueText.Describe(TimeValueParser.Parse(text).Value));

    [Theory]
    [InlineData(0, "0")]
    [InlineData(999, "999")]
    [InlineData(1000, "1,000")]
    [InlineData(-1234567, "-1,234,567")]
    public void Amount_IsExactWithSeparators(long value, string text) => Assert.Equal(text, TimeValueText.Amount(value));

    [Fact]
    public void Count_PluralizesExceptOne()
    {
        Assert.Equal("1 sample", TimeValueText.Count(1, "sample"));
        Assert.Equal("12,896 samples", TimeValueText.Count(12_896, "sample"));
    }

    [Theory]
    [InlineData("0.471", "47.1 %")]
    [InlineData("1", "100.0 %")]
    [InlineData("0.0005", "0.1 %")]
    [InlineData("10", "1000.0 %")]
    [InlineData("10.0001", "× 10.0")]
    [InlineData("12.5", "× 12.5")]
    [InlineData("99.94", "× 99.9")]
    [InlineData("471162.929", "× 471,163")]
    [InlineData("1000000", "× 1,000,000")]
    public void Coverage_IsAPercentUpTo1000_ThenAMultiple(string ratio, string text) =>
        Assert.Equal(text, TimeValueText.Coverage(decimal.Parse(ratio, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Coverage_FromDouble_MatchesDecimal()
    {
        Assert.Equal("× 471,163", TimeValueText.Coverage(47_116_293.0 / 100.0));
        Assert.Equal("47.1 %", TimeValueText.Coverage(0.471));
    }
}
