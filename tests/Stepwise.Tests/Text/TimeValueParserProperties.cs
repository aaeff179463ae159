using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Stepwise.Tests.Text;

/// <summary>The time-string grammar: exact round-trips, exact large integers, whole-number units, never throwing.</summary>
public sealed class TimeValueParserProperties
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(500);

    private static readonly TimeUnit[] WholeUnits = [TimeUnit.Steps, TimeUnit.Samples, TimeUnit.Tokens];

    /// <summary>Any non-negative decimal: a random 96-bit mantissa at a random scale 0..28.</summary>
    private static Gen<decimal> AnyDecimal() =>
        from lo in Gen.Choose(int.MinValue, int.MaxValue)
        from mid in Gen.Choose(int.MinValue, int.MaxValue)
        from hi in Gen.Frequency((2, Gen.Constant(0)), (1, Gen.Choose(int.MinValue, int.MaxValue)))
        from scale in Gen.Choose(0, 28)
        select new decimal(lo, mid, hi, false, (byte)scale);

    /// <summary>A short decimal such as 2.5 or 0.125.</summary>
    private static Gen<decimal> ShortDecimal() =>
        Gen.Zip(Gen.Choose(0, 1_000_000), Gen.Choose(0, 6), (m, scale) => new decimal(m, 0, 0, false, (byte)scale));

    private static Gen<TimeValue> AnyTimeValue() => Gen.OneOf(
        from unit in Gen.Elements(WholeUnits)
        from n in Generators.NonNegativeLong()
        select new TimeValue(n, unit),
        from unit in Gen.Elements(TimeUnit.Epochs, TimeUnit.Seconds)
        from amount in Gen.OneOf(AnyDecimal(), ShortDecimal())
        select new TimeValue(amount, unit),
        Gen.Choose(0, 1_000_000).Select(x => new TimeValue(x / 1_000_000m, TimeUnit.Duration)));

    private static void AssertParsesTo(TimeValue expected, string text, TimeUnit? bareUnit = null)
    {
        ParseResult<TimeValue> parsed = TimeValueParser.Parse(text, bareUnit);
        if (!parsed.Success) Assert.Fail($"'{text}' did not parse: {parsed.Error}");
        if (parsed.Value != expected || parsed.Value.Unit != expected.Unit)
            Assert.Fail($"'{text}' parsed to {parsed.Value.Amount} {parsed.Value.Unit}, expected {expected.Amount} {expected.Unit}");
    }

    [Fact]
    public void FormattedValuesParseBackEqual() =>
        Prop.ForAll(AnyTimeValue().ToArbitrary(), v =>
        {
            AssertParsesTo(v, v.ToString());
            AssertParsesTo(v, TimeValue.FormatAmount(v.Amount), v.Unit); // bare number with the key's unit
            AssertParsesTo(v, "  " + v.ToString().ToUpperInvariant() + " ");
        }).Check(Config);

    [Fact]
    public void LargeIntegersParseExactly()
    {
        AssertParsesTo(TimeValue.Steps(9_007_199_254_740_993), "9007199254740993st");
        AssertParsesTo(TimeValue.Steps(long.MaxValue), "9223372036854775807st");
        AssertParsesTo(new TimeValue(long.MaxValue, TimeUnit.Tokens), "9223372036854775807tok");
        Assert.False(TimeValueParser.Parse("9223372036854775808st").Success);
        Assert.False(TimeValueParser.Parse("9223372036854775808sp").Success);
        Prop.ForAll(
            (from unit in Gen.Elements(WholeUnits)
             from n in Generators.LongIn(1L << 53, long.MaxValue)
             select (Unit: unit, N: n)).ToArbitrary(),
            x =>
            {
                string digits = x.N.ToString(CultureInfo.InvariantCulture);
                ParseResult<TimeValue> parsed = TimeValueParser.Parse(digits + TimeValue.Suffix(x.Unit));
                Assert.True(parsed.Success, parsed.Error);
                // Exact: compare as integers, not through double (which would conflate n and n ± 1 above 2^53).
                Assert.Equal(x.N, (long)parsed.Value.Amount);
                Assert.Equal(x.N, decimal.ToInt64(TimeValueParser.Parse(digits, x.Unit).Value.Amount));
            }).Check(Config);
    }

    [Fact]
    public void WholeNumberUnitsRejectFractions() =>
        Prop.ForAll(
            (from unit in Gen.Elements(WholeUnits)
             from whole in Generators.LongIn(0, long.MaxValue / 2)
             from fraction in Gen.Choose(1, 999_999)
             from form in Gen.Choose(0, 4)
             from zeros in Gen.Choose(1, 60)
             select (Unit: unit, Whole: whole, Fraction: fraction, Form: form, Zeros: zeros)).ToArbitrary(),
            x =>
            {
                string suffix = x.Unit == TimeUnit.Steps && x.Form == 2 ? "ba" : TimeValue.Suffix(x.Unit);
                string number = x.Form switch
                {
                    1 => string.Create(CultureInfo.InvariantCulture, $"{x.Fraction}e-7"), // 0.0000001..0.0999999
                    // Fractions past decimal's 28 digits must not round to a whole number: 5.000…0001, 1e-45.
                    3 => string.Create(CultureInfo.InvariantCulture, $"{x.Whole}.{new string('0', x.Zeros)}{x.Fraction}"),
                    4 => string.Create(CultureInfo.InvariantCulture, $"{x.Fraction}e-{x.Zeros + 6}"),
                    _ => string.Create(CultureInfo.InvariantCulture, $"{x.Whole}.{x.Fraction:D6}"),
                };
                ParseResult<TimeValue> parsed = TimeValueParser.Parse(number + suffix);
                Assert.False(parsed.Success, $"'{number}{suffix}' parsed to {parsed}");
                Assert.Contains("fractional", parsed.Error, StringComparison.Ordinal);
                Assert.False(TimeValueParser.Parse(number, x.Unit).Success, $"bare '{number}' accepted as {x.Unit}");
                // The same amount is fine in epochs.
                Assert.True(TimeValueParser.Parse(number + "ep").Success, $"'{number}ep' rejected");
            }).Check(Config);

    /// <summary>Strings built from fragments of the grammar, printable ASCII, whitespace and arbitrary UTF-16 code units.</summary>
    private static Gen<string> Garbage()
    {
        Gen<string> fragment = Gen.Frequency(
            (4, Gen.Elements("0", "1", "9", "42", ".", "+", "-", "e", "E", "e+", "e-", "1e400", "1e-400", "99999999999999999999999999999",
                "ep", "st", "ba", "sp", "tok", "dur", "ms", "s", "m", "h", "d", "EP", "St", "e9999999999", ".5", "0.", "..", "--")),
            (3, Gen.Choose(32, 126).Select(c => ((char)c).ToString())),
            (1, Gen.Elements(" ", "\t", "\n", "\r", "\u00A0", "\u2003", "\u3000", "\uFEFF")),
            (2, Gen.Choose(0, 0xFFFF).Select(c => ((char)c).ToString())), // lone surrogates and control characters included
            (1, Gen.Elements("٣", "５", "½", "²", "İ", "ǅ", "ß", "\U0001F600", "e\u0301", "\0")));
        return Gen.Frequency(
            (1, Gen.Elements<string>("", " ", "st", "e5st", "1e", "1e+", "1e-st", "+", "-0st", "0x10st", "1,000st", "∞ep", "NaNep")),
            (8, Gen.ListOf(fragment).Select(parts => string.Concat(parts))));
    }

    [Fact]
    public void NoInputThrows() =>
        Prop.ForAll(Garbage().ToArbitrary(), text =>
        {
            foreach (TimeUnit? bare in new TimeUnit?[] { null, TimeUnit.Steps, TimeUnit.Epochs, TimeUnit.Duration })
            {
                ParseResult<TimeValue> parsed = TimeValueParser.Parse(text, bare); // must not throw
                if (!parsed.Success)
                {
                    Assert.False(string.IsNullOrWhiteSpace(parsed.Error));
                    continue;
                }
                TimeValue v = parsed.Value;
                Assert.True(v.Amount >= 0, $"'{Escape(text)}' parsed to negative {v.Amount}");
                if (Array.IndexOf(WholeUnits, v.Unit) >= 0) Assert.True(v.IsWhole && v.Amount <= long.MaxValue, $"'{Escape(text)}' → {v}");
                AssertParsesTo(v, v.ToString()); // whatever is accepted formats back to itself
            }
        }).Check(Config);

    [Theory]
    [InlineData("1.0000000000000000000000000000001st")] // past decimal's precision: would round to 1
    [InlineData("3374865239478079915.0000000000000000000000000000000000000000765844sp")]
    [InlineData("1e-40st")] // would round to 0
    [InlineData("1000000000000000000000000000001e-12tok")]
    public void FractionsBeyondDecimalPrecisionAreRejectedForWholeUnits(string text)
    {
        ParseResult<TimeValue> parsed = TimeValueParser.Parse(text);
        Assert.False(parsed.Success, $"'{text}' parsed to {(parsed.Success ? parsed.Value.ToString() : "")}");
        Assert.Contains("fractional", parsed.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.000000000000000000000000000000000st", 1)]
    [InlineData("100e-2st", 1)]
    [InlineData("1.5e1st", 15)]
    [InlineData("0.0e-999sp", 0)]
    [InlineData("9223372036854775807000000000000e-12tok", long.MaxValue)]
    public void WholeLiteralsInAnyFormAreAccepted(string text, long expected) =>
        Assert.Equal(expected, (long)TimeValueParser.Parse(text).Value.Amount);

    [Fact]
    public void NullAndBlankFail()
    {
        Assert.False(TimeValueParser.Parse(null).Success);
        Assert.False(TimeValueParser.Parse(null, TimeUnit.Steps).Success);
        Assert.False(TimeValueParser.Parse(" \t").Success);
    }

    private static string Escape(string s)
    {
        var sb = new StringBuilder();
        foreach (char c in s) sb.Append(c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:X4}");
        return sb.ToString();
    }
}
