using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Stepwise.Engine.Kernels;

/// <summary>
/// A fixed set of background threads that run the tasks of one <see cref="ParallelJob"/> at a time together with the
/// calling thread. Tasks are claimed from a shared counter, so which thread runs which task varies, which is why jobs
/// must not let a task's result depend on its thread. The caller claims tasks too and waits only for claimed tasks to
/// finish, never for a worker to wake up; it spins up to 2 ms for them before it blocks. Idle workers spin 200 µs
/// (dispatches in a training step come microseconds apart) and then block. One caller at a time: a concurrent caller
/// is refused and runs its tasks inline.
/// </summary>
/// <remarks>Why the caller spins so long: on a virtual machine whose host is busy, a blocked caller's idle vCPU is
/// descheduled by the hypervisor, and waking it took milliseconds (a 2-thread 1024³ product took 21.7 ms a call with a
/// 20 µs spin against 12.5 ms with 5 ms, same minutes). With another process competing inside the machine, where a
/// blocked caller would lend its core to a preempted worker, the 2 ms spin measured equal to 20 µs.</remarks>
internal sealed class WorkerPool
{
    private static readonly long SpinTicks = Stopwatch.Frequency / 5000; // 200 µs
    private static readonly long CallerSpinTicks = Stopwatch.Frequency / 500; // 2 ms
    private readonly object _sync = new();
    private readonly Thread[] _threads;
    private const int IndexBits = 21;                       // tasks per round ≤ 2^21 − 1
    private const long IndexMask = (1L << IndexBits) - 1;
    private const int GenerationShift = 2 * IndexBits;
    internal const long GenerationMask = (1L << (64 - GenerationShift)) - 1; // 22 bits, wrapping
    private long _claim;          // generation << 42 | lo << 21 | hi: tasks lo..hi−1 are not yet claimed
    private volatile bool _stop;
    private ParallelJob? _job;
    private int _done, _busy, _tasks;
    private volatile bool _callerWaiting;
    private Exception? _error;

    /// <summary>Starts <paramref name="workers"/> background threads; <paramref name="firstRound"/> (tests) sets the
    /// round counter, e.g. just before it wraps.</summary>
    public WorkerPool(int workers, long firstRound = 0)
    {
        _claim = Claim(firstRound & GenerationMask, 0);
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryRun(ParallelJob job, int tasks)
    {
        if (tasks > IndexMask || Interlocked.CompareExchange(ref _busy, 1, 0) != 0) return false;
        try
        {
            _job = job;
            _error = null;
            _tasks = tasks;
            _callerWaiting = false;
            Volatile.Write(ref _done, 0);
            long generation = (GenerationOf(Volatile.Read(ref _claim)) + 1) & GenerationMask;
            lock (_sync)
            {
                Volatile.Write(ref _claim, Claim(generation, tasks));
                Monitor.PulseAll(_sync);
            }
            Work(generation, fromTop: true);
            WaitDone(tasks);
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Stop()
    {
        var spin = new SpinWait();
        while (Interlocked.CompareExchange(ref _busy, 1, 0) != 0) spin.SpinOnce();
        _stop = true;
        lock (_sync)
        {
            Volatile.Write(ref _claim, Claim((GenerationOf(Volatile.Read(ref _claim)) + 1) & GenerationMask, 0));
            Monitor.PulseAll(_sync);
        }
    }

    /// <summary>Claims and runs tasks of round <paramref name="generation"/> until none is left: the caller from the top
    /// (hi − 1, hi − 2, …), the workers from the bottom (lo, lo + 1, …). Jobs number their tasks in memory order, so the
    /// caller tends to get the upper part of every buffer and the workers the lower part, in every job of a step: data
    /// a thread wrote (a weight block in the optimizer, say) is mostly read again by the same thread (the next forward
    /// pass), from its own cache. A successful claim means the round is still open (its claimed task is not done), so
    /// its job is still the current one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Work(long generation, bool fromTop)
    {
        while (true)
        {
            long v = Volatile.Read(ref _claim);
            long lo = (v >> IndexBits) & IndexMask, hi = v & IndexMask;
            if (GenerationOf(v) != generation || lo >= hi) return;
            long next = fromTop ? v - 1 : v + (1L << IndexBits);
            if (Interlocked.CompareExchange(ref _claim, next, v) != v) continue;
            int index = (int)(fromTop ? hi - 1 : lo);
            try
            {
                _job!.Execute(index);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _error, e, null);
            }
            int tasks = _tasks; // read while this round is still open (this task is not counted yet)
            if (Interlocked.Increment(ref _done) == tasks && _callerWaiting)
            {
                lock (_sync) Monitor.PulseAll(_sync);
            }
        }
    }

    /// <summary>Spins up to 2 ms for the claimed tasks (see the type's remarks), then blocks: a worker preempted by
    /// another process for longer then finishes on this core (the scheduler moves it to the idle core) instead of after
    /// its core's time slice.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WaitDone(int tasks)
    {
        long start = Stopwatch.GetTimestamp();
        while (Volatile.Read(ref _done) != tasks)
        {
            if (Stopwatch.GetTimestamp() - start < CallerSpinTicks)
            {
                Thread.SpinWait(4);
                continue;
            }
            _callerWaiting = true;
            lock (_sync)
            {
                while (Volatile.Read(ref _done) != tasks) Monitor.Wait(_sync, 1);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Loop()
    {
        long seen = 0;
        while (true)
        {
            long start = Stopwatch.GetTimestamp();
            while (GenerationOf(Volatile.Read(ref _claim)) == seen && Stopwatch.GetTimestamp() - start < SpinTicks) Thread.SpinWait(4);
            if (GenerationOf(Volatile.Read(ref _claim)) == seen)
            {
                lock (_sync)
                {
                    while (GenerationOf(Volatile.Read(ref _claim)) == seen) Monitor.Wait(_sync);
                }
            }
            seen = GenerationOf(Volatile.Read(ref _claim));
            if (_stop) return;
            Work(seen, fromTop: false);
        }
    }

    /// <summary>The round number of a claim word (unsigned, so it wraps cleanly after 2²² rounds).</summary>
    private static long GenerationOf(long claim) => unchecked((long)((ulong)claim >> GenerationShift));

    /// <summary>The claim word of a new round: tasks 0..tasks−1 unclaimed.</summary>
    private static long Claim(long generation, int tasks) => unchecked((long)(((ulong)generation << GenerationShift) | (uint)tasks));
}
