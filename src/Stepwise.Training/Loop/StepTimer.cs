using System.Diagnostics;
using Stepwise.Training.Sampling;
using Stepwise.Training.Setup;

namespace Stepwise.Training.Loop;

/// <summary>Times real training updates of a run's model (seed 003's "measure before you choose"): a warm-up, then
/// <c>steps</c> updates timed one by one. Nothing is written.</summary>
public static class StepTimer
{
    /// <summary>Per-update seconds of <paramref name="steps"/> updates after <paramref name="warmup"/> untimed ones.</summary>
    public static double[] Measure(RunSetup setup, int steps, int warmup)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        var model = setup.CreateModel();
        var optimizer = setup.CreateOptimizer(model.Params.Length);
        var sampler = new EpochSampler(setup.Data.TrainCount, setup.Geometry, setup.Config.Seed);
        var runner = new UpdateRunner(model, optimizer, sampler, setup.LrSchedule);
        long total = setup.TotalSteps;
        for (int i = 0; i < warmup; i++) runner.Run(i % total);
        var times = new double[steps];
        var clock = new Stopwatch();
        for (int i = 0; i < steps; i++)
        {
            clock.Restart();
            runner.Run((warmup + i) % total);
            times[i] = clock.Elapsed.TotalSeconds;
        }
        return times;
    }
}
