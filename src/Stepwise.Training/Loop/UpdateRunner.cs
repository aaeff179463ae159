using System.Runtime.CompilerServices;
using Stepwise.Engine.Optim;
using Stepwise.Training.Models;
using Stepwise.Training.Sampling;

namespace Stepwise.Training.Loop;

/// <summary>
/// One optimizer update t (state t → t+1): zero the gradients; for each of the W ranks and each of the update's g
/// micro-batches (g = G, or fewer at an epoch's end), forward and backward with the loss scaled by 1/(W·g); one step
/// of the optimizer at the schedule's rate for t. No allocation.
/// </summary>
public sealed class UpdateRunner
{
    private readonly ITrainModel _model;
    private readonly IOptimizer<float> _optimizer;
    private readonly EpochSampler _sampler;
    private readonly LrSchedule _schedule;
    private readonly long[] _rows;

    /// <summary>Creates a runner.</summary>
    public UpdateRunner(ITrainModel model, IOptimizer<float> optimizer, EpochSampler sampler, LrSchedule schedule)
    {
        _model = model;
        _optimizer = optimizer;
        _sampler = sampler;
        _schedule = schedule;
        _rows = new long[sampler.MaxBatch];
    }

    /// <summary>The rate update t uses.</summary>
    public double Rate(long update) => _schedule.At(update);

    /// <summary>Runs update <paramref name="update"/>; returns its loss (mean over ranks and micro-batches of the
    /// micro-batch mean losses, the quantity whose gradient was applied).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Run(long update)
    {
        double lr = _schedule.At(update);
        _model.ZeroGrad();
        long world = _sampler.WorldSize;
        int g = _sampler.MicroBatches(update);
        float scale = (float)(1.0 / (world * g));
        double loss = 0;
        for (long r = 0; r < world; r++)
        {
            for (int m = 0; m < g; m++)
            {
                int n = _sampler.Rows(update, r, m, _rows);
                loss += _model.TrainMicroBatch(_rows.AsSpan(0, n), scale);
            }
        }
        _optimizer.Step(_model.Params, _model.Grads, (float)lr);
        return loss / (world * g);
    }
}
