using System.Runtime.CompilerServices;
using Stepwise.Engine.Models;
using Stepwise.Engine.Optim;
using Stepwise.Training.Models;
using Stepwise.Training.Sampling;
using Stepwise.Training.Setup;

namespace Stepwise.Training.Loop;

/// <summary>
/// One optimizer update t (state t → t+1): for each of the W ranks and each of the update's g
/// micro-batches (g = G, or fewer at an epoch's end), forward and backward with the loss scaled by 1/(W·g) — rows a
/// <see cref="RowExclusion"/> covers weigh 0, the denominators unchanged —; one step of the optimizer at the schedule's
/// rate for t; then the hooks. The first micro-batch overwrites the gradients (no separate zeroing pass). No allocation.
/// </summary>
public sealed class UpdateRunner
{
    private readonly ITrainModel _model;
    private readonly IOptimizer<float> _optimizer;
    private readonly IBatchSampler _sampler;
    private readonly LrTimeline _schedule;
    private readonly RowExclusion? _exclusion;
    private readonly long[] _rows;       // every row of the update, rank-major (W · G · b)
    private readonly float[] _weights;   // each row's weight in the update's objective
    private readonly float[] _losses;    // each row's mean loss (filled when hooks are given)
    private readonly float[] _correct;   // each row's share of targets predicted right (likewise)
    private readonly float[] _ones;      // multipliers of a micro-batch (1, or 0 for an excluded row)
    private readonly int[] _ends;        // end offset of each micro-batch in _rows

    /// <summary>Creates a runner; <paramref name="exclusion"/> (or null) zeroes rows inside its window.</summary>
    public UpdateRunner(ITrainModel model, IOptimizer<float> optimizer, IBatchSampler sampler, LrTimeline schedule, RowExclusion? exclusion = null)
    {
        _model = model;
        _optimizer = optimizer;
        _sampler = sampler;
        _schedule = schedule;
        _exclusion = exclusion;
        long perUpdate = checked(sampler.WorldSize * sampler.MaxMicroBatches * sampler.MaxBatch);
        _rows = new long[perUpdate];
        _weights = new float[perUpdate];
        _losses = new float[perUpdate];
        _correct = new float[perUpdate];
        _ones = new float[sampler.MaxBatch];
        _ends = new int[checked((int)(sampler.WorldSize * sampler.MaxMicroBatches))];
    }

    /// <summary>Train rows the last <see cref="Run"/> read, over all ranks and micro-batches.</summary>
    public int RowsInLastUpdate { get; private set; }

    /// <summary>The rate update <paramref name="update"/> uses (float64, as logged; the optimizer applies it as float32).</summary>
    public double Rate(Step update) => _schedule.At(update);

    /// <summary>Runs update <paramref name="update"/> and then <paramref name="hooks"/>; returns its loss (mean over ranks
    /// and micro-batches of the micro-batch mean losses, the quantity whose gradient was applied).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Run(Step update, IReadOnlyList<IUpdateHook>? hooks = null)
    {
        long t = update.Value;
        float lr = (float)_schedule.At(update);
        long world = _sampler.WorldSize;
        int g = _sampler.MicroBatches(t);
        float scale = (float)(1.0 / (world * g));
        bool excluding = _exclusion is { } ex && ex.Covers(t);
        bool record = hooks is { Count: > 0 };
        double loss = 0;
        int offset = 0, batches = 0;
        for (long r = 0; r < world; r++)
        {
            for (int m = 0; m < g; m++)
            {
                Span<long> rows = _rows.AsSpan(offset);
                int n = _sampler.Rows(t, r, m, rows);
                ReadOnlySpan<float> multipliers = excluding ? Multipliers(t, rows[..n]) : ReadOnlySpan<float>.Empty;
                loss += _model.TrainMicroBatch(rows[..n], scale, multipliers, _weights.AsSpan(offset, n), batches == 0 ? GradientWrite.Overwrite : GradientWrite.Accumulate,
                    record ? _losses.AsSpan(offset, n) : default, record ? _correct.AsSpan(offset, n) : default);
                offset += n;
                _ends[batches++] = offset;
            }
        }
        _optimizer.Step(_model.Params, _model.Grads, lr);
        RowsInLastUpdate = offset;
        loss /= world * g;
        if (record)
        {
            var done = new UpdateRecord(update, lr, loss, _rows.AsSpan(0, offset), _weights.AsSpan(0, offset), _ends.AsSpan(0, batches),
                (int)world, _model.Params, _optimizer.State, _losses.AsSpan(0, offset), _correct.AsSpan(0, offset));
            for (int i = 0; i < hooks!.Count; i++) hooks[i].AfterUpdate(done);
        }
        return loss;
    }

    private ReadOnlySpan<float> Multipliers(long update, ReadOnlySpan<long> rows)
    {
        for (int i = 0; i < rows.Length; i++) _ones[i] = _exclusion!.Excludes(update, rows[i]) ? 0f : 1f;
        return _ones.AsSpan(0, rows.Length);
    }
}
