using Stepwise.Training;
using Stepwise.Training.Loop;
using Stepwise.Training.Models;
using Stepwise.Training.Replay;

namespace Stepwise.Analysis.Influence;

/// <summary>
/// Time-windowed influence of a trained run (docs/influence.md): for a window [a, b] of updates and a query split,
/// I_j = L_query(θ with sample j removed from updates a..b only) − L_query(θ), linearized, for every training sample j,
/// by the adjoint recursion over the window with the run's own optimizer (SGD with momentum or Nesterov, AdamW), its own
/// batches and rates, one exact Hessian-vector product per update. The states are the run's own, replayed bit for bit
/// in segments (<see cref="SegmentReplay"/>). Positive = removing j would raise the query loss (j helped). With
/// <see cref="InfluenceMethod.TracIn"/> the same replay and the same per-sample products give TracIn's first-order
/// scores instead (no propagation, the query gradient at each update's state).
/// </summary>
public sealed class InfluenceEstimator
{
    private readonly TrainingRun _run;
    private readonly InfluenceOptions _options;
    private readonly IModelCurvature _curvature;
    private readonly OptimizerAdjoint _adjoint;
    private readonly double[] _query;

    /// <summary>Measures the run <paramref name="run"/> belongs to (any of its states, opened from its folder:
    /// <see cref="TrainingRun.Open"/>); <paramref name="run"/> itself is never changed.</summary>
    /// <exception cref="RunInputException">The model has no exact derivatives (tiny_gpt), the query split does not
    /// exist, the segment is below 1, or TracIn is asked to measure at the end (one line each).</exception>
    public InfluenceEstimator(TrainingRun run, InfluenceOptions options, Action<string>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(options);
        if (run.Model is not ICurvatureModel model)
            throw new RunInputException($"influence supports model.kind logreg and mlp (exact Hessian-vector products); this run trains {run.Setup.Config.Model.Kind}");
        if (!run.Model.Splits.Contains(options.Query))
        {
            string? guess = Configuration.DidYouMean.Suggest(options.Query, run.Model.Splits);
            throw new RunInputException($"--query {options.Query}: no such split{(guess is null ? "" : $"; did you mean '{guess}'?")} (the data has: {string.Join(", ", run.Model.Splits)})");
        }
        if (options.Segment is < 1) throw new RunInputException($"--segment {options.Segment}: must be ≥ 1 update");
        if (options.Method == InfluenceMethod.TracIn && options.MeasureAt == MeasureAt.End)
            throw new RunInputException("--measure-at end: TracIn takes the query gradient at each update's own state, so there is no later state to measure at; allowed with tracin: window-end");
        if (options.QueryBatch < 1) throw new ArgumentOutOfRangeException(nameof(options), options.QueryBatch, "the query batch must be ≥ 1");
        _run = run;
        _options = options;
        _curvature = model.CreateCurvature(options.Precision);
        _adjoint = OptimizerAdjoint.For(run.Setup.Config.Optimizer, _curvature.Dimension);
        _query = new double[_curvature.Dimension];
        Warn = warn;
    }

    private Action<string>? Warn { get; }

    /// <summary>What the replay keeps per update: the optimizer adjoint's needs for TIM, nothing more for TracIn.</summary>
    private ReplayCapture Capture => _options.Method == InfluenceMethod.Tim ? _adjoint.Capture : ReplayCapture.None;

    /// <summary>The options.</summary>
    public InfluenceOptions Options => _options;

    /// <summary>The replay of the last sweep (kept for the next sweep with the same K; its counters add up), or null.</summary>
    public SegmentReplay? LastReplay { get; private set; }

    /// <summary>Updates replayed by every sweep so far.</summary>
    public long ReplayedUpdates { get; private set; }

    /// <summary>K for windows of <paramref name="longest"/> updates: the option, else the plan's recording segment
    /// (else ⌈√longest⌉) raised, in multiples of itself (so that segment starts stay on the recording checkpoints),
    /// towards <paramref name="longest"/> while K states fit in <see cref="InfluenceOptions.SegmentBytes"/>.</summary>
    public long SegmentFor(long longest)
    {
        if (_options.Segment is { } k) return k;
        long unit = _run.Setup.Plan.InfluenceSegment ?? Math.Max(1, (long)Math.Ceiling(Math.Sqrt(longest)));
        long p = _curvature.Dimension, state = _run.Optimizer.State.Length;
        long perState = 4 * (p + (Capture.HasFlag(ReplayCapture.Gradient) ? p : 0) + (Capture.HasFlag(ReplayCapture.OptimizerState) ? state : 0))
            + 12L * _run.Sampler.WorldSize * _run.Sampler.MaxMicroBatches * _run.Sampler.MaxBatch;
        long fit = _options.SegmentBytes / Math.Max(1, perState);
        long wanted = (longest + unit - 1) / unit * unit;
        long multiple = Math.Min(wanted, fit / unit * unit);
        return Math.Max(unit, multiple);
    }

    /// <summary>
    /// Estimates <paramref name="windows"/> as the options say: with <see cref="MeasureAt.WindowEnd"/> one backward sweep
    /// per window from its end; with <see cref="MeasureAt.End"/> one sweep from T − 1 down to the first window's start,
    /// shared by all windows. <paramref name="completed"/> receives each window as it completes. Returns the windows in
    /// the order given, or null when <paramref name="stop"/> was requested first (the windows completed so far were
    /// delivered).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A window ends past the run's last update.</exception>
    public IReadOnlyList<WindowInfluence>? Estimate(IReadOnlyList<StepWindow> windows, StopSignal? stop = null, Action<WindowInfluence>? completed = null) =>
        Estimate(windows, null, stop, completed, null);

    internal IReadOnlyList<WindowInfluence>? Estimate(IReadOnlyList<StepWindow> windows, IReadOnlyList<WindowInfluence>? done, StopSignal? stop,
        Action<WindowInfluence>? completed, SweepState? resume, Action<SweepState>? keep = null)
    {
        ArgumentNullException.ThrowIfNull(windows);
        long total = _run.Setup.TotalSteps;
        foreach (var w in windows)
        {
            if (w.End >= total) throw new ArgumentOutOfRangeException(nameof(windows), w.ToString(), $"the run's updates are 0..{total - 1}");
        }
        var results = new Dictionary<StepWindow, WindowInfluence>();
        foreach (var d in done ?? []) results[d.Window] = d;
        void Deliver(WindowInfluence r)
        {
            results[r.Window] = r;
            completed?.Invoke(r);
        }
        var todo = windows.Distinct().Where(w => !results.ContainsKey(w)).ToList();
        if (_options.MeasureAt == MeasureAt.WindowEnd)
        {
            foreach (var w in todo)
            {
                if (!Sweep([w], new Step(w.End + 1), null, stop, Deliver, keep)) return null;
            }
        }
        else if (todo.Count > 0 && !Sweep(todo, new Step(total), resume, stop, Deliver, keep))
        {
            return null;
        }
        return windows.Select(w => results[w]).ToList();
    }

    /// <summary>One backward sweep from update measured − 1 (or the resume point) down to the lowest window start,
    /// scoring every window containing each update. False when stopped.</summary>
    private bool Sweep(IReadOnlyList<StepWindow> windows, Step measured, SweepState? resume, StopSignal? stop, Action<WindowInfluence> deliver, Action<SweepState>? keep)
    {
        long lowest = windows.Min(w => w.Start);
        long top = resume?.NextUpdate ?? measured.Value - 1;
        long n = _run.Setup.Data.TrainCount;
        var open = resume is not null
            ? resume.Open.Select(o => (o.Window, (double[])o.Scores.Clone(), (int[])o.Occurrences.Clone())).ToList()
            : windows.Select(w => (w, new double[n], new int[n])).ToList();
        if (resume is not null)
        {
            for (int i = 0; i < _adjoint.Buffers.Count; i++) resume.Adjoint[i].CopyTo(_adjoint.Buffers[i], 0);
        }
        double queryLoss = resume?.QueryLoss ?? double.NaN;
        long k = SegmentFor(windows.Max(w => Math.Min(w.End, top) - w.Start + 1));
        var replay = LastReplay = LastReplay is { } reuse && reuse.Segment == k ? reuse : new SegmentReplay(_run, k, Capture, Warn);
        long replayedBefore = replay.ReplayedUpdates;
        WindowSweep sweep = _options.Method == InfluenceMethod.Tim
            ? new AdjointSweep(_curvature, _adjoint, lowest, _run.Sampler.MaxBatch, open)
            : new TracInSweep(_curvature, _options.Query, _options.QueryBatch, _run.Sampler.MaxBatch, open);
        var finished = new List<(StepWindow Window, double[] Scores, int[] Occurrences)>();
        void AtEnd(ReadOnlySpan<float> theta)
        {
            if (resume is not null) return;
            _curvature.SetParameters(theta);
            queryLoss = _curvature.SplitGradient(_options.Query, _options.QueryBatch, _query);
            if (_options.Method == InfluenceMethod.Tim) _adjoint.Seed(_query);
        }
        void Visit(ReplayedUpdate u)
        {
            sweep.Visit(u, finished);
            if (finished.Count == 0) return;
            foreach (var (w, scores, occurrences) in finished) deliver(new WindowInfluence(w, measured, queryLoss, scores, occurrences));
            finished.Clear();
            if (sweep.Open.Count > 0)
                keep?.Invoke(new SweepState(u.Update.Value - 1, queryLoss, _adjoint.Buffers.Select(b => (double[])b.Clone()).ToArray(), sweep.Open.ToList()));
        }
        try
        {
            return replay.WalkBackward(new StepWindow(lowest, top), AtEnd, Visit, stop);
        }
        finally
        {
            ReplayedUpdates += replay.ReplayedUpdates - replayedBefore;
        }
    }
}
