using Stepwise.Cli.Output;
using Stepwise.Training.Models;

namespace Stepwise.Cli.Tests;

/// <summary>What <c>stepwise train</c> shows while it runs (plain-line mode; the terminal bar uses the same texts).</summary>
public class TrainProgressTests
{
    [Theory]
    [InlineData(0.1, "0.1")]
    [InlineData(3e-4, "0.0003")]
    [InlineData(1e-6, "0.000001")]
    [InlineData(2.5e-8, "0.000000025")]
    [InlineData(0, "0")]
    public void Learning_rates_print_in_plain_decimal(double lr, string shown) => Assert.Equal(shown, TrainProgress.Rate(lr));

    [Fact]
    public void A_long_evaluation_announces_itself_and_results_show_loss_accuracy_and_perplexity()
    {
        var err = new StringWriter();
        var p = new TrainProgress(err, quiet: false, languageModel: true);
        p.Started(0, 100, "runs/x");
        p.Evaluating(100, "val", 50);
        p.Evaluating(100, "train", 18_393);
        p.Evaluated(100, [new EvalMetrics("train", 1.0, 0.5, 18_393), new EvalMetrics("val", Math.Log(20), 0.25, 50)]);
        p.Step(100, 3, 1.5, 3e-5);
        string text = err.ToString();
        Assert.DoesNotContain("evaluating val", text, StringComparison.Ordinal);
        Assert.Contains("stepwise: evaluating train 18,393 rows at step 100 …", text, StringComparison.Ordinal);
        Assert.Contains("val loss 2.9957 ppl 20 acc 25.0 %", text, StringComparison.Ordinal);
        Assert.Contains("lr 0.00003", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Routine_notes_show_in_plain_mode_and_quiet_keeps_only_messages()
    {
        var err = new StringWriter();
        var p = new TrainProgress(err, quiet: true);
        p.Detail("retention: deleted checkpoint_step_10");
        p.Saved(20, "/r/checkpoint_step_20", 0.01);
        p.Message("resuming from checkpoint_step_20 (step 20 of 40)");
        Assert.Equal("stepwise: resuming from checkpoint_step_20 (step 20 of 40)" + Environment.NewLine, err.ToString());
        var loud = new StringWriter();
        var q = new TrainProgress(loud, quiet: false);
        q.Detail("retention: deleted checkpoint_step_10");
        q.Saved(20, "/r/checkpoint_step_20", 0.01);
        Assert.Contains("retention: deleted checkpoint_step_10", loud.ToString(), StringComparison.Ordinal);
        Assert.Contains("saved checkpoint_step_20 (10 ms)", loud.ToString(), StringComparison.Ordinal);
    }
}
