using System.Text.Json;
using Stepwise.Cli.Output;

namespace Stepwise.Cli.Tests;

/// <summary>Numbers people read: coverage past 1,000 % as a multiple, step counts in notes as "3,000,000 steps"; the
/// JSON keeps its exact values.</summary>
public class OutputPolishTests
{
    [Fact]
    public void Plan_text_shows_a_huge_coverage_as_a_multiple_and_json_keeps_the_ratio()
    {
        using var dir = new TempDir();
        string cfg = dir.Write("small.yaml", "data: { steps_per_epoch: 1000000, unique_samples: 34 }\nbatch: { size: 16 }\nduration: { epochs: 1 }\n");
        var (code, text, _) = CliRunner.Run("plan", cfg);
        Assert.Equal(0, code);
        Assert.Contains("   Coverage: 16000000/34 unique samples = × 470,588\n", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        var (_, json, _) = CliRunner.Run("plan", cfg, "--format", "json");
        Assert.Equal("470588.235294", JsonDocument.Parse(json).RootElement.GetProperty("coverage").GetRawText());
    }

    [Theory]
    [InlineData(1000, "100.0 %")]
    [InlineData(100, "1000.0 %")]
    [InlineData(80, "× 12.5")]
    public void Plan_text_coverage_is_a_percentage_up_to_1000(long unique, string shown)
    {
        using var dir = new TempDir();
        string cfg = dir.Write("c.yaml", $"data: {{ steps_per_epoch: 100, unique_samples: {unique} }}\nbatch: {{ size: 10 }}\nduration: {{ epochs: 1 }}\n");
        var (_, text, _) = CliRunner.Run("plan", cfg);
        Assert.Contains($"unique samples = {shown}\n", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_note_says_3000000_steps_in_words_and_json_keeps_the_number()
    {
        var (code, stdout, stderr) = CliRunner.Run("plan", CliRunner.Example("seed001-dense-then-sparse.yaml"), "--format", "json");
        Assert.Equal(0, code);
        Assert.Contains("= 3,000,000 steps overrides", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("3000000st", stderr, StringComparison.Ordinal);
        Assert.Equal(3_000_000, JsonDocument.Parse(stdout).RootElement.GetProperty("total_steps").GetInt64());
    }

    [Fact]
    public void Plan_note_for_explicit_steps_per_epoch_over_a_train_size()
    {
        using var dir = new TempDir();
        string cfg = dir.Write("s.yaml", "data: { train_size: 806, steps_per_epoch: 2000 }\nbatch: { size: 2 }\nduration: { epochs: 3 }\n");
        var (code, stdout, stderr) = CliRunner.Run("plan", cfg, "--format", "json");
        Assert.Equal(0, code);
        Assert.Contains("stepwise: note: data.steps_per_epoch = 2,000 steps per epoch overrides the epoch of data.train_size = 806 samples", stderr, StringComparison.Ordinal);
        var j = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(2000, j.GetProperty("steps_per_epoch").GetInt64());
        Assert.Equal(6000, j.GetProperty("total_steps").GetInt64());
        Assert.Equal(806, j.GetProperty("unique_samples").GetInt64());
        Assert.Equal("steps_per_epoch", j.GetProperty("geometry").GetProperty("kind").GetString());
    }

    [Fact]
    public void Measure_report_shows_a_huge_coverage_as_a_multiple()
    {
        var report = new MeasureReport(20, 0.001, 0.001, 0.001, 0.001, 0.001, 2_944_768, 5_889_536, 16, 47_116_293, 100, 3600m, 3_600_000);
        var o = new StringWriter();
        report.WriteText(o);
        string text = o.ToString();
        Assert.Contains("coverage × 471,163 of 100 unique samples", text, StringComparison.Ordinal);
        Assert.Contains("= 57,600,000 samples, coverage × 576,000", text, StringComparison.Ordinal);
        Assert.DoesNotContain("47116292.9", text, StringComparison.Ordinal);
        Assert.Equal(471_162.93, (double)report.ToDictionary()["coverage"]!, 9);
    }

    [Fact]
    public void Measure_report_keeps_a_percentage_for_ordinary_coverage()
    {
        var report = new MeasureReport(20, 0.001, 0.001, 0.001, 0.001, 0.001, 45, 200, 32, 1438, 1438, null, null);
        var o = new StringWriter();
        report.WriteText(o);
        Assert.Contains("coverage 100.0 % of 1,438 unique samples", o.ToString(), StringComparison.Ordinal);
    }
}
