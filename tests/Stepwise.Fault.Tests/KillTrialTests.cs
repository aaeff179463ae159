using Xunit.Abstractions;

namespace Stepwise.Fault.Tests;

/// <summary>kill -9 at random moments, then --resume auto until done: nothing lost, nothing loaded wrong.</summary>
public class KillTrialTests(ITestOutputHelper output)
{
    [Fact]
    public void Random_kills_then_resume_auto_end_identical_to_an_uninterrupted_run()
    {
        var reference = ReferenceRun.Get();
        int trials = FaultConfig.KillTrials, seed = FaultConfig.Seed;
        var figures = new KillTrials(reference, output.WriteLine).Run(trials, seed, maxKillsPerTrial: FaultConfig.Full ? 3 : 2);
        Figures.Write(output, "kill-trials",
        [
            $"reference: {reference.Checkpoints.Count} checkpoints, wall {reference.Wall.TotalSeconds:F2} s, final model sha256 {reference.FinalModelHash}",
            .. figures.Lines(seed),
            .. figures.Failures.Select(f => "  FAIL " + f),
        ]);
        Assert.True(figures.Failures.Count == 0, string.Join("\n", figures.Failures));
        Assert.Equal(trials, figures.Identical);
        Assert.True(figures.Kills >= trials / 2, $"only {figures.Kills} kills landed in {trials} trials");
    }
}
