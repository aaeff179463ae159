using Stepwise.Reports.Page;

namespace Stepwise.Reports.Tests;

public class ChartTableTests
{
    [Fact]
    public void Csv_quotes_what_needs_quoting_and_writes_missing_values_empty()
    {
        var t = new ChartTable("run", "step", "value");
        t.Add("a,b", 3L, 0.123456789);
        t.Add("say \"hi\"", 4L, double.NaN);
        t.Add("plain", 5L, null);
        Assert.Equal("run,step,value\n\"a,b\",3,0.1234568\n\"say \"\"hi\"\"\",4,\nplain,5,\n", t.ToCsv());
    }

    [Fact]
    public void Json_rounds_doubles_to_7_digits_keeps_longs_exact_and_drops_non_finite_values()
    {
        var t = new ChartTable("step", "value");
        t.Add(9_007_199_254_740_993L, 1.0 / 3);
        t.Add(1L, double.PositiveInfinity);
        string json = t.ToJson().ToJsonString();
        Assert.Equal("[{\"step\":9007199254740993,\"value\":0.3333333},{\"step\":1,\"value\":null}]", json);
    }

    [Fact]
    public void A_row_of_the_wrong_width_is_refused() =>
        Assert.Throws<ArgumentException>(() => new ChartTable("a", "b").Add(1L));

    [Fact]
    public void Page_text_is_escaped_and_specs_cannot_close_their_script()
    {
        var spec = new System.Text.Json.Nodes.JsonObject { ["title"] = new System.Text.Json.Nodes.JsonObject { ["text"] = "</script><b>" }, ["mark"] = "point" };
        var table = new ChartTable("label");
        table.Add("</script><img src=x>");
        var page = new ReportPage
        {
            Title = "<run & co>",
            Sections = [new ReportSection("s", "S", [new ReportBlock.ChartBlock(new Chart("c", spec, table))])],
            Warnings = ["<warn>"],
        };
        string html = page.Render();
        Assert.Contains("<h1>&lt;run &amp; co&gt;</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<li>&lt;warn&gt;</li>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("</script><img", html, StringComparison.Ordinal);
        Assert.DoesNotContain("</script><b>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_charts_with_one_id_are_a_bug_caught_before_writing()
    {
        var c = new Chart("same", new System.Text.Json.Nodes.JsonObject(), new ChartTable("x"));
        var page = new ReportPage { Title = "t", Sections = [new ReportSection("s", "S", [new ReportBlock.ChartBlock(c), new ReportBlock.ChartBlock(c)])] };
        Assert.Throws<InvalidOperationException>(() => page.Render());
    }
}
