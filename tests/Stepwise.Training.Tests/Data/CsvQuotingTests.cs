using Stepwise.Training.Data;

namespace Stepwise.Training.Tests.Data;

/// <summary>RFC 4180 quoting: quoted cells may hold commas, doubled quotes and line breaks, in headers and data.</summary>
public class CsvQuotingTests
{
    [Fact]
    public void Quoted_headers_and_numbers_read_as_their_unquoted_text()
    {
        using var dir = new TempFolder();
        dir.Write("q.csv", "\"a, first\",\"say \"\"b\"\"\",label\n\"1.5\", \"2\" ,0\n3,\"-4e-1\",\"1\"\n");
        var t = Load.Ok(new DataSource("csv", Path: "q.csv", Standardize: false), baseDirectory: dir.Path).Tabular!["train"];
        Assert.Equal(["a, first", "say \"b\""], t.FeatureNames);
        Assert.Equal([1.5f, 2f, 3f, -0.4f], t.X);
        Assert.Equal([0, 1], t.Y);
    }

    [Fact]
    public void Line_breaks_inside_quotes_belong_to_the_cell_and_later_lines_are_counted_right()
    {
        using var dir = new TempFolder();
        dir.Write("m.csv", "a,label\r\n1,\"two\r\nlines\"\r\n2,\"one\"\r\n3,\"two\r\nlines\"\r\n");
        var d = Load.Ok(new DataSource("csv", Path: "m.csv", Standardize: false), baseDirectory: dir.Path);
        Assert.Equal(["one", "two\nlines"], d.ClassNames);
        Assert.Equal([1, 0, 1], d.Tabular!["train"].Y);
        dir.Write("m2.csv", "a,label\n1,\"two\nlines\"\n2,one\nx,one\n");
        Assert.StartsWith("m2.csv line 5 column 'a': 'x' is not a number", Load.Error(new DataSource("csv", Path: "m2.csv"), baseDirectory: dir.Path), StringComparison.Ordinal);
    }

    [Fact]
    public void Quoted_and_unquoted_files_with_the_same_values_have_the_same_fingerprint()
    {
        using var dir = new TempFolder();
        dir.Write("plain.csv", "a,b,label\n1,2,0\n3,4,1\n5,6,1\n");
        dir.Write("quoted.csv", "\"a\",\"b\",\"label\"\n\"1\",\"2\",\"0\"\n3,\"4\",1\n\"5\",6,\"1\"\n");
        Assert.Equal(Load.Ok(new DataSource("csv", Path: "plain.csv"), baseDirectory: dir.Path).Fingerprint,
            Load.Ok(new DataSource("csv", Path: "quoted.csv"), baseDirectory: dir.Path).Fingerprint);
    }

    [Theory]
    [InlineData("\"\"", "")]
    [InlineData("\"a\"\"b\"", "a\"b")]
    [InlineData("  \"x,y\"  ", "x,y")]
    [InlineData("\"\"\"\"", "\"")]
    [InlineData(" plain ", "plain")]
    public void Cell_unquotes_and_unescapes(string raw, string value)
    {
        Assert.Equal(CsvCell.Problem.None, CsvCell.Read(raw, out var v));
        Assert.Equal(value, v.ToString());
    }

    [Theory]
    [InlineData("\"abc", "Unclosed")]
    [InlineData("\"a\"\"", "Unclosed")]
    [InlineData("\"a\"b", "AfterClosingQuote")]
    [InlineData("a\"b", "QuoteInPlainCell")]
    [InlineData("ab\"", "QuoteInPlainCell")]
    public void Cell_reports_malformed_quoting(string raw, string problem) => Assert.Equal(problem, CsvCell.Read(raw, out _).ToString());
}
