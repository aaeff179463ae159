using System.Text;
using Stepwise.Training.Data;

namespace Stepwise.Training.Tests.Data;

/// <summary>The <see cref="DataLimits"/> are enforced while reading, each breach one line naming the file and line.</summary>
public class DataLimitsTests
{
    [Fact]
    public void A_row_longer_than_the_limit_is_refused_at_its_line()
    {
        using var dir = new TempFolder();
        string longCell = new('1', DataLimits.MaxCsvRowChars);
        dir.Write("t.csv", "a,label\n1,0\n" + longCell + ",1\n");
        string error = Load.Error(new DataSource("csv", Path: "t.csv"), baseDirectory: dir.Path);
        Assert.StartsWith("t.csv line 3: a row of 4,194,306 characters, more than the 4,194,304 allowed (limits: docs/data.md)", error, StringComparison.Ordinal);
        dir.Write("ok.csv", "a,label\n1,0\n" + new string('0', DataLimits.MaxCsvRowChars - 3) + "1,1\n"); // exactly the limit
        Assert.Equal(2, Load.Ok(new DataSource("csv", Path: "ok.csv", Standardize: false), baseDirectory: dir.Path).TrainCount);
    }

    [Fact]
    public void An_unclosed_quote_that_runs_past_the_limit_is_refused()
    {
        using var dir = new TempFolder();
        var sb = new StringBuilder("a,label\n1,0\n\"2,1\n");
        while (sb.Length < DataLimits.MaxCsvRowChars + 100) sb.Append("3,1\n");
        dir.Write("t.csv", sb.ToString());
        Assert.StartsWith("t.csv line 3: a row of ", Load.Error(new DataSource("csv", Path: "t.csv"), baseDirectory: dir.Path), StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_with_too_many_columns_is_refused()
    {
        using var dir = new TempFolder();
        dir.Write("t.csv", string.Join(",", Enumerable.Range(0, DataLimits.MaxCsvColumns + 1).Select(i => "c" + i)) + "\n");
        Assert.StartsWith("t.csv line 1: the header has 100,001 columns, more than the 100,000 allowed", Load.Error(new DataSource("csv", Path: "t.csv"), baseDirectory: dir.Path), StringComparison.Ordinal);
    }

    [Fact]
    public void A_csv_over_1_GiB_is_refused_before_reading()
    {
        using var dir = new TempFolder();
        string path = System.IO.Path.Combine(dir.Path, "big.csv");
        using (var f = File.Create(path)) f.SetLength(DataLimits.MaxCsvBytes + 1); // sparse: no disk used
        Assert.Equal("big.csv: 1,073,741,825 bytes, over the limit of 1,073,741,824 bytes (1 GiB) for a CSV file (limits: docs/data.md)",
            Load.Error(new DataSource("csv", Path: "big.csv"), baseDirectory: dir.Path));
    }

    [Fact]
    public void A_text_file_over_256_MiB_is_refused_before_reading()
    {
        using var dir = new TempFolder();
        string path = System.IO.Path.Combine(dir.Path, "big.txt");
        using (var f = File.Create(path)) f.SetLength(DataLimits.MaxTextBytes + 1);
        Assert.StartsWith("big.txt: 268,435,457 bytes, over the limit of 268,435,456 bytes (256 MiB) for a UTF-8 text file",
            Load.Error(new DataSource("text", Path: "big.txt"), baseDirectory: dir.Path), StringComparison.Ordinal);
    }

    [Fact]
    public void An_endless_device_is_read_only_up_to_the_limit()
    {
        if (!File.Exists("/dev/zero")) return;
        // NUL characters are valid UTF-8: the splitter finds no line end, so the row limit stops it.
        Assert.Contains("/dev/zero line 1: ", Load.Error(new DataSource("csv", Path: "/dev/zero")), StringComparison.Ordinal);
    }
}
