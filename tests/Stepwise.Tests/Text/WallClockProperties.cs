using System.Globalization;
using FsCheck;
using FsCheck.Fluent;

namespace Stepwise.Tests.Text;

/// <summary>Slurm's time forms and the clock units: exact values, Slurm's field bounds, round trips, never throwing.</summary>
public sealed class WallClockProperties
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(500);

    private static long Seconds(string text, bool job = false)
    {
        var parsed = job ? WallClock.ParseJobTime(text) : WallClock.Parse(text);
        Assert.True(parsed.Success, $"'{text}': {parsed.Error}");
        Assert.Equal(TimeUnit.Seconds, parsed.Value.Unit);
        return decimal.ToInt64(parsed.Value.Amount);
    }

    private static string Two(long v) => v.ToString("00", CultureInfo.InvariantCulture);

    [Fact]
    public void EachFormIsTheSumOfItsFields() =>
        Prop.ForAll(
            (from d in Gen.Choose(0, 400)
             from h in Gen.Choose(0, 23)
             from m in Gen.Choose(0, 59)
             from s in Gen.Choose(0, 59)
             from lead in Gen.Choose(0, 5000) // the unbounded leading field
             select (D: (long)d, H: (long)h, M: (long)m, S: (long)s, Lead: (long)lead)).ToArbitrary(),
            x =>
            {
                Assert.Equal(x.Lead * 60 + x.S, Seconds($"{x.Lead}:{Two(x.S)}"));                        // MM:SS
                Assert.Equal(x.Lead * 3600 + x.M * 60 + x.S, Seconds($"{x.Lead}:{Two(x.M)}:{Two(x.S)}")); // HH:MM:SS
                Assert.Equal(x.D * 86400 + x.H * 3600, Seconds($"{x.D}-{Two(x.H)}"));                     // D-HH
                Assert.Equal(x.D * 86400 + x.H * 3600 + x.M * 60, Seconds($"{x.D}-{Two(x.H)}:{Two(x.M)}"));
                Assert.Equal(x.D * 86400 + x.H * 3600 + x.M * 60 + x.S, Seconds($"{x.D}-{x.H}:{x.M}:{x.S}")); // one digit is fine
                // the same in both readings: only a bare number differs (seconds vs Slurm's minutes)
                Assert.Equal(Seconds($"{x.D}-{Two(x.H)}:{Two(x.M)}:{Two(x.S)}"), Seconds($"{x.D}-{Two(x.H)}:{Two(x.M)}:{Two(x.S)}", job: true));
                Assert.Equal(x.Lead, Seconds(x.Lead.ToString(CultureInfo.InvariantCulture)));
                Assert.Equal(x.Lead * 60, Seconds(x.Lead.ToString(CultureInfo.InvariantCulture), job: true));
            }).Check(Config);

    [Fact]
    public void FormatSlurmReadsBackToTheSameSeconds() =>
        Prop.ForAll(Generators.Biased(0, WallClock.MaxSeconds, 200_000).ToArbitrary(), seconds =>
        {
            string text = WallClock.FormatSlurm(seconds);
            Assert.Equal(seconds, Seconds(text, job: true));
            Assert.Equal(seconds, Seconds(text));
            Assert.Matches(seconds < 86400 ? @"^\d\d:\d\d:\d\d$" : @"^\d+-\d\d:\d\d:\d\d$", text);
        }).Check(Config);

    [Fact]
    public void BoundedFieldsOutOfRangeAreRefused() =>
        Prop.ForAll(
            (from bad in Gen.Choose(60, 999)
             from badHour in Gen.Choose(24, 999)
             from lead in Gen.Choose(0, 99)
             select (Bad: bad, BadHour: badHour, Lead: lead)).ToArbitrary(),
            x =>
            {
                foreach (string text in new[]
                {
                    $"{x.Lead}:{x.Bad}", $"{x.Lead}:{x.Bad}:00", $"{x.Lead}:00:{x.Bad}", $"1-{x.BadHour}", $"1-{x.BadHour}:00:00",
                    $"1-00:{x.Bad}", $"1-00:00:{x.Bad}",
                })
                {
                    var parsed = WallClock.ParseJobTime(text);
                    Assert.False(parsed.Success, $"'{text}' accepted as {(parsed.Success ? parsed.Value.Amount : 0)} s");
                    Assert.Contains("out of range", parsed.Error, StringComparison.Ordinal);
                    Assert.False(WallClock.Parse(text).Success);
                }
            }).Check(Config);

    [Fact]
    public void ClockUnitsAgreeWithTheSlurmForms() =>
        Prop.ForAll(Gen.Choose(0, 1_000_000).ToArbitrary(), n =>
        {
            long seconds = n;
            Assert.Equal(seconds, Seconds($"{seconds}s"));
            Assert.Equal(seconds * 60, Seconds($"{seconds}m", job: true));
            Assert.Equal(seconds * 60, Seconds(WallClock.FormatSlurm(seconds * 60)));
        }).Check(Config);

    [Fact]
    public void NoInputThrows() =>
        Prop.ForAll(
            Gen.ListOf(Gen.Elements("0", "1", "9", "59", "60", "99", "23", "24", ":", "-", "--", "::", " ", "s", "m", "h", "d", "e", ".", "5",
                "999999999999999999999", "ep", "\t", "٣", "\0", "+", "1e3")).Select(p => string.Concat(p)).ToArbitrary(),
            text =>
            {
                foreach (var parsed in new[] { WallClock.Parse(text), WallClock.ParseJobTime(text) })
                {
                    if (!parsed.Success)
                    {
                        Assert.False(string.IsNullOrWhiteSpace(parsed.Error));
                        Assert.DoesNotContain('\n', parsed.Error!);
                        continue;
                    }
                    Assert.Equal(TimeUnit.Seconds, parsed.Value.Unit);
                    Assert.InRange(parsed.Value.Amount, 0m, WallClock.MaxSeconds);
                }
            }).Check(Config);
}
