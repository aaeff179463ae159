using Stepwise.Training.Runs;
using Stepwise.Training.Tests.Loop;

namespace Stepwise.Training.Tests.Runs;

public class RunFolderTests
{
    [Fact]
    public void A_run_folder_reads_back_as_numbers_status_plan_and_checkpoints()
    {
        using var h = new RunHarness();
        string dir = h.Dir("a");
        var (_, trainer, _) = RunHarness.Train(TrainerTests.Mlp, dir);
        var folder = RunFolder.Open(dir);
        var status = folder.Status!;
        Assert.Equal(RunStatus.Completed, status.Status);
        Assert.Equal(102, status.Step);
        Assert.Equal(102, status.TotalSteps);
        Assert.Equal(trainer.FinalMetrics.Single(m => m.Split == "val").Loss, status.Final.Single(p => p.Key == "val_loss").Value);
        var plan = folder.Plan!;
        Assert.Equal(34, plan.StepsPerEpoch);
        Assert.Equal([34L, 68, 102], plan.EpochEnds.Select(s => s.Value));
        Assert.Equal([25L, 34, 50, 68, 75, 100, 102], plan.Checkpoints.Select(s => s.Value));
        Assert.Equal(plan.Checkpoints.Select(s => s.Value), folder.Checkpoints.Select(c => c.Step));
        var metrics = folder.Metrics().ToList();
        var train = metrics.Where(m => m.IsTraining).ToList();
        Assert.Equal(Enumerable.Range(1, 20).Select(i => 5L * i).Append(102), train.Select(m => m.Step));
        Assert.All(train, m => Assert.True(m.Get("loss") > 0 && m.Get("lr") >= 0));
        var last = metrics.Last(m => !m.IsTraining);
        Assert.Equal(102, last.Step);
        Assert.Equal(status.Final.Single(p => p.Key == "test_accuracy").Value, last.Get("test_accuracy"));
        Assert.NotEmpty(folder.Timing());
        Assert.Contains("seed: 3", folder.ConfigYaml, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_says_what_a_folder_holds_and_nothing_for_an_empty_or_unrelated_one()
    {
        using var h = new RunHarness();
        Assert.Null(RunFolder.Describe(h.Dir("missing")));
        Directory.CreateDirectory(h.Dir("empty"));
        File.WriteAllText(Path.Combine(h.Dir("empty"), "notes.txt"), "x");
        Assert.Null(RunFolder.Describe(h.Dir("empty")));
        RunHarness.Train(TrainerTests.Mlp, h.Dir("a"), stopAt: 40);
        Assert.Equal("a stopped run at step 40 of 102, 3 checkpoints (steps 25..40)", RunFolder.Describe(h.Dir("a")));
        Assert.Throws<RunInputException>(() => RunFolder.Open(h.Dir("empty")));
    }
}
