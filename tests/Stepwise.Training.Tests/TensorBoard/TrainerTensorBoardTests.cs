using Stepwise.Training.Loop;
using Stepwise.Training.Runs;
using Stepwise.Training.TensorBoard;
using Stepwise.Training.Tests.Loop;

namespace Stepwise.Training.Tests.TensorBoard;

/// <summary>log.tensorboard: the trainer's event files hold the scalars of metrics.jsonl, and a resume duplicates none.</summary>
public class TrainerTensorBoardTests
{
    private static readonly string Yaml = TrainerTests.Mlp + "\nreport_to: [tensorboard]\n";

    private static List<(string Tag, long Step, float Value)> Logged(string dir) =>
        TensorBoardEventFiles.ReadRun(dir).Where(s => !s.Tag.EndsWith("_per_second", StringComparison.Ordinal))
            .Select(s => (s.Tag, Step: s.Step.Value, s.Value)).OrderBy(s => s.Step).ThenBy(s => s.Tag, StringComparer.Ordinal).ToList();

    [Fact]
    public void The_event_files_hold_every_logged_scalar_of_metrics_jsonl()
    {
        using var h = new RunHarness();
        string dir = h.Dir("a");
        RunHarness.Train(Yaml, dir);
        var expected = new List<(string, long, float)>();
        foreach (var row in RunFolder.Open(dir).Metrics())
        {
            foreach (var (name, value) in row.Values)
            {
                string tag = name switch
                {
                    "loss" => "train/loss",
                    "lr" => "train/learning_rate",
                    _ => "eval/" + name,   // two scheduled splits (val, test): HF names them eval_{split}_*
                };
                expected.Add((tag, row.Step, (float)(value ?? double.NaN)));
            }
        }
        Assert.Equal(expected.OrderBy(s => s.Item2).ThenBy(s => s.Item1, StringComparer.Ordinal), Logged(dir));
        Assert.Contains(TensorBoardEventFiles.ReadRun(dir), s => s.Tag == TensorBoardTags.StepsPerSecond);
    }

    [Fact]
    public void A_resumed_run_logs_each_scalar_once_as_the_uninterrupted_run_does()
    {
        using var h = new RunHarness();
        string straight = h.Dir("s"), dir = h.Dir("a");
        RunHarness.Train(Yaml, straight);
        RunHarness.Train(Yaml, dir, stopAt: 62);
        RunHarness.Train(Yaml, dir, ResumeMode.Auto, stopAt: 90);
        RunHarness.Train(Yaml, dir, ResumeMode.Auto);
        Assert.Equal(3, TensorBoardEventFiles.List(dir).Count);
        Assert.Equal(Logged(straight), Logged(dir));
    }
}
