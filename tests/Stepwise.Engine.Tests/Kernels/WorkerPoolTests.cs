using Stepwise.Engine.Kernels;

namespace Stepwise.Engine.Tests.Kernels;

public class WorkerPoolTests
{
    private sealed class CountingJob(int tasks) : ParallelJob
    {
        public int[] Runs { get; } = new int[tasks];

        public override void Execute(int index) => Interlocked.Increment(ref Runs[index]);
    }

    [Theory]
    [InlineData(1, 0L)]
    [InlineData(1, WorkerPool.GenerationMask - 5)] // the round counter wraps during the test
    [InlineData(3, WorkerPool.GenerationMask - 5)]
    public void EveryTaskRunsExactlyOnce_AcrossTheRoundCounterWrap(int workers, long firstRound)
    {
        var pool = new WorkerPool(workers, firstRound);
        try
        {
            foreach (int tasks in new[] { 1, 2, 7, 64, 1, 3, 200, 2, 9, 33, 5, 4 })
            {
                var job = new CountingJob(tasks);
                Assert.True(pool.TryRun(job, tasks));
                Assert.All(job.Runs, r => Assert.Equal(1, r));
            }
        }
        finally
        {
            pool.Stop();
        }
    }

    [Fact]
    public void TooManyTasks_AreRefused_SoTheCallerRunsThemInline()
    {
        var pool = new WorkerPool(1);
        try
        {
            Assert.False(pool.TryRun(new CountingJob(1), 1 << 21));
        }
        finally
        {
            pool.Stop();
        }
    }
}
