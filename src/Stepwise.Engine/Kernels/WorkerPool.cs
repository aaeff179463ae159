using System.Diagnostics;

namespace Stepwise.Engine.Kernels;

/// <summary>
/// A fixed set of background threads that run the tasks of one <see cref="ParallelJob"/> at a time together with the
/// calling thread. Tasks are claimed from a shared counter, so which thread runs which task varies, which is why jobs
/// must not let a task's result depend on its thread. Idle workers spin briefly (dispatches in a training step come
/// microseconds apart) and then block. One caller at a time: a second concurrent caller is refused and runs inline.
/// </summary>
internal sealed class WorkerPool
{
    private static readonly long SpinTicks = Stopwatch.Frequency / 5000; // 200 µs
    private readonly object _sync = new();
    private readonly Thread[] _threads;
    private volatile int _generation;
    private volatile bool _stop;
    private ParallelJob? _job;
    private int _tasks, _next, _pending, _busy;
    private Exception? _error;

    /// <summary>Starts <paramref name="workers"/> background threads.</summary>
    public WorkerPool(int workers)
    {
        _threads = new Thread[workers];
        for (int i = 0; i < workers; i++)
        {
            _threads[i] = new Thread(Loop) { IsBackground = true, Name = $"Stepwise.Engine worker {i + 1}" };
            _threads[i].Start();
        }
    }

    /// <summary>Worker threads (the caller makes one more).</summary>
    public int Workers => _threads.Length;

    /// <summary>Runs tasks 0..tasks−1 of <paramref name="job"/> on the workers and the calling thread; returns false
    /// (running nothing) when another caller holds the pool.</summary>
    public bool TryRun(ParallelJob job, int tasks)
    {
        if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0) return false;
        try
        {
            _job = job;
            _tasks = tasks;
            _next = 0;
            _error = null;
            Volatile.Write(ref _pending, _threads.Length);
            lock (_sync)
            {
                _generation++;
                Monitor.PulseAll(_sync);
            }
            Work();
            var spin = new SpinWait();
            while (Volatile.Read(ref _pending) != 0) spin.SpinOnce(sleep1Threshold: -1);
            _job = null;
            if (_error is { } error) throw new AggregateException("a parallel engine task failed", error);
            return true;
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    /// <summary>Waits for the current caller, then stops the workers; the pool refuses every later call.</summary>
    public void Stop()
    {
        var spin = new SpinWait();
        while (Interlocked.CompareExchange(ref _busy, 1, 0) != 0) spin.SpinOnce();
        _stop = true;
        lock (_sync)
        {
            _generation++;
            Monitor.PulseAll(_sync);
        }
    }

    private void Work()
    {
        ParallelJob job = _job!;
        int tasks = _tasks;
        while (true)
        {
            int i = Interlocked.Increment(ref _next) - 1;
            if (i >= tasks) return;
            try
            {
                job.Execute(i);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _error, e, null);
            }
        }
    }

    private void Loop()
    {
        int seen = 0;
        while (true)
        {
            long start = Stopwatch.GetTimestamp();
            while (_generation == seen && Stopwatch.GetTimestamp() - start < SpinTicks) Thread.SpinWait(4);
            if (_generation == seen)
            {
                lock (_sync)
                {
                    while (_generation == seen) Monitor.Wait(_sync);
                }
            }
            seen = _generation;
            if (_stop) return;
            Work();
            Interlocked.Decrement(ref _pending);
        }
    }
}
