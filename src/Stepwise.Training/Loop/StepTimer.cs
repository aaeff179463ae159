using System.Diagnostics;
using Stepwise.Training.Setup;

namespace Stepwise.Training.Loop;

/// <summary>Times real training updates of a run's model (seed 003's "measure before you choose"): a warm-up, then
/// <c>steps</c> updates timed one by one. Nothing is written.</summary>
public static class StepTimer
{
    /// <summary>Per-update seconds of <paramref name="steps"/> updates after <paramref name="warmup"/> untimed ones, on
    /// <paramref name="threads"/> engine threads (null: the config's, else the processor count; see <see cref="ThreadCount"/>).</summary>
    public static double[] Measure(RunSetup setup, int steps, int warmup, int? threads = null)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        Stepwise.Engine.Kernels.EngineThreads.Count = ThreadCount.Resolve(threads, setup.Config.Threads);
        var runner = TrainingRun.Start(setup).Runner;
        long total = setup.TotalSteps;
        for (int i = 0; i < warmup; i++) runner.Run(new Step(i % total));
        var times = new double[steps];
        var clock = new Stopwatch();
        for (int i = 0; i < steps; i++)
        {
            clock.Restart();
            runner.Run(new Step((warmup + i) % total));
            times[i] = clock.Elapsed.TotalSeconds;
        }
        return times;
    }
}
