using System.Text.Json;
using Stepwise.Training.Loop;
using Stepwise.Training.Metrics;
using Stepwise.Training.Runs;

namespace Stepwise.Training.Tests.Loop;

/// <summary>Issue 14: a checkpoint records where the logs stood instead of copying them; a resume cuts them back,
/// or rebuilds a damaged one from the checkpoint with a warning; log_history is bounded and HF-named.</summary>
public class LongRunLogTests
{
    // logistic regression on blobs: 240 train rows, batch 8 → U = 30; 5,000 steps logged every step
    private const string Long = """
        seed: 2
        data: { source: blobs, n: 300, features: 4, classes: 3, splits: { val: 0.2 } }
        model: { kind: logreg }
        optimizer: { kind: sgd, lr: 0.05 }
        batch: { size: 8 }
        duration: { max_steps: 5000 }
        eval: { every: 1000 }
        checkpoints: { every: 2500 }
        """;

    private static JsonElement State(string dir, long step) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, $"checkpoint_step_{step}", "trainer_state.json"))).RootElement;

    [Fact]
    public void Log_history_is_bounded_evenly_thinned_and_uses_hugging_faces_names()
    {
        using var h = new RunHarness();
        string dir = h.Dir("a");
        RunHarness.Train(Long, dir);
        var history = State(dir, 5000).GetProperty("log_history").EnumerateArray().ToList();
        var train = history.Where(e => e.TryGetProperty("loss", out _)).ToList();
        var evals = history.Where(e => e.TryGetProperty("eval_loss", out _)).ToList();
        long stride = LogHistory.StrideFor(5000, 1);
        Assert.Equal(4, stride); // 5000 rows → every 4th: 1,250 ≤ 2,000
        Assert.Equal(Enumerable.Range(1, 1250).Select(i => 4L * i), train.Select(e => e.GetProperty("step").GetInt64()));
        Assert.Equal(["loss", "learning_rate", "epoch", "step"], train[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal([1000L, 2000, 3000, 4000, 5000], evals.Select(e => e.GetProperty("step").GetInt64()));
        // one scheduled split (val) is eval_loss; the final step's other split is eval_train_*
        Assert.Equal(["eval_train_loss", "eval_train_accuracy", "eval_loss", "eval_accuracy", "epoch", "step"], evals[^1].EnumerateObject().Select(p => p.Name));
        var metrics = File.ReadLines(Path.Combine(dir, RunFiles.Metrics)).ToList();
        Assert.Equal(5000 + 5, metrics.Count);
        // the kept rows carry the metrics.jsonl values byte for byte
        var row4000 = JsonDocument.Parse(metrics.Single(l => l.StartsWith("{\"step\":4000,\"epoch\":133.333333,\"lr\"", StringComparison.Ordinal))).RootElement;
        var kept = train.Single(e => e.GetProperty("step").GetInt64() == 4000);
        Assert.Equal(row4000.GetProperty("loss").GetRawText(), kept.GetProperty("loss").GetRawText());
        Assert.Equal(row4000.GetProperty("lr").GetRawText(), kept.GetProperty("learning_rate").GetRawText());
        var state = State(dir, 5000);
        Assert.Equal(1, state.GetProperty("logging_steps").GetInt64());
        Assert.Equal(1000, state.GetProperty("eval_steps").GetInt64());
        Assert.True(state.GetProperty("total_flos").GetDouble() > 0);
        var logs = state.GetProperty("stepwise").GetProperty("logs").GetProperty("metrics.jsonl");
        Assert.Equal(new FileInfo(Path.Combine(dir, RunFiles.Metrics)).Length, logs.GetProperty("bytes").GetInt64());
    }

    [Fact]
    public void The_checkpoints_size_does_not_grow_with_the_run()
    {
        using var h = new RunHarness();
        long Final(long steps)
        {
            string dir = h.Dir($"r{steps}");
            string yaml = Long.Replace("max_steps: 5000", $"max_steps: {steps}", StringComparison.Ordinal).Replace("every: 2500", $"every: {steps / 2}", StringComparison.Ordinal)
                .Replace("eval: { every: 1000 }", "eval: { every: 10000 }", StringComparison.Ordinal);
            RunHarness.Train(yaml, dir);
            return new FileInfo(Path.Combine(dir, $"checkpoint_step_{steps}", "trainer_state.json")).Length;
        }
        long shorter = Final(20_000), longer = Final(80_000);
        Assert.True(longer < 400_000, $"trainer_state.json at the end of 80,000 steps is {longer} bytes");
        Assert.True(longer < 1.2 * shorter, $"{shorter} bytes after 20,000 steps, {longer} after 80,000");
    }

    [Fact]
    public void A_torn_last_line_after_a_kill_is_cut_and_the_resumed_log_equals_the_uninterrupted_one()
    {
        using var h = new RunHarness();
        string dir = h.Dir("a"), straight = h.Dir("b");
        RunHarness.Train(TrainerTests.Mlp, straight);
        RunHarness.Train(TrainerTests.Mlp, dir, stopAt: 62);          // checkpoint at 62 (the stop)
        File.AppendAllText(Path.Combine(dir, RunFiles.Metrics), "{\"step\":65,\"epoch\":1.91");   // a kill mid-write
        File.AppendAllText(Path.Combine(dir, RunFiles.MetricsCsv), "65,1.91");
        var resumed = RunHarness.Train(TrainerTests.Mlp, dir, ResumeMode.Auto);
        Assert.Equal(TrainOutcome.Completed, resumed.Outcome);
        Assert.DoesNotContain(resumed.Observer.Messages, m => m.Contains("rebuilt", StringComparison.Ordinal));
        foreach (string f in new[] { RunFiles.Metrics, RunFiles.MetricsCsv, RunFiles.Run })
            Assert.Equal(RunHarness.Hash(Path.Combine(straight, f)), RunHarness.Hash(Path.Combine(dir, f)));
    }

    [Theory]
    [InlineData("edited")]
    [InlineData("deleted")]
    [InlineData("truncated")]
    public void A_damaged_log_is_rebuilt_from_the_checkpoint_with_a_warning_naming_it(string damage)
    {
        using var h = new RunHarness();
        string dir = h.Dir("a");
        RunHarness.Train(TrainerTests.Mlp, dir, stopAt: 62);
        string metrics = Path.Combine(dir, RunFiles.Metrics);
        switch (damage)
        {
            case "edited": File.WriteAllText(metrics, File.ReadAllText(metrics).Replace("\"step\":5,", "\"step\":6,", StringComparison.Ordinal)); break;
            case "deleted": File.Delete(metrics); break;
            default: File.WriteAllLines(metrics, File.ReadAllLines(metrics).Take(3)); break;
        }
        var resumed = RunHarness.Train(TrainerTests.Mlp, dir, ResumeMode.Auto);
        Assert.Equal(TrainOutcome.Completed, resumed.Outcome);
        string warning = Assert.Single(resumed.Observer.Messages, m => m.StartsWith("metrics.jsonl ", StringComparison.Ordinal));
        Assert.Contains("rebuilt it from checkpoint_step_62's log history", warning, StringComparison.Ordinal);
        Assert.Contains(damage == "deleted" ? "is missing" : damage == "edited" ? "does not hold the" : "is shorter", warning, StringComparison.Ordinal);
        // what the checkpoint holds (every row: this run logs 21 training rows, fewer than the history keeps), then the rest
        using var straightH = new RunHarness();
        RunHarness.Train(TrainerTests.Mlp, straightH.Dir("s"));
        Assert.Equal(File.ReadAllLines(Path.Combine(straightH.Dir("s"), RunFiles.Metrics)), File.ReadAllLines(metrics));
    }
}
