namespace Stepwise.Training.Replay;

/// <summary>
/// Which samples every update of a run read, with their weights and the rate applied, from the run's own sampler and
/// learning-rate timeline: a function of the seed and the plan, so nothing needs to have been recorded and no model is
/// run. Row order is the trainer's: rank-major, micro-batch by micro-batch (<see cref="Loop.UpdateRecord"/>).
/// </summary>
public sealed class UpdateBatches
{
    private readonly TrainingRun _run;
    private readonly IReadOnlyList<int> _sourceRows;

    /// <summary>The batches of the run <paramref name="run"/> belongs to (any of its states).</summary>
    public UpdateBatches(TrainingRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        _run = run;
        _sourceRows = run.Setup.Data.SourceRows["train"];
    }

    /// <summary>Every sample occurrence of the updates in <paramref name="window"/>, in update order.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The window ends past the run's last update.</exception>
    public IEnumerable<BatchRow> Rows(StepWindow window)
    {
        if (window.End >= _run.Setup.TotalSteps)
            throw new ArgumentOutOfRangeException(nameof(window), window.ToString(), $"the run's updates are 0..{_run.Setup.TotalSteps - 1}");
        return Enumerate(window);
    }

    private IEnumerable<BatchRow> Enumerate(StepWindow window)
    {
        var sampler = _run.Sampler;
        var rows = new long[sampler.MaxBatch];
        var weights = new float[sampler.MaxBatch];
        for (long t = window.Start; t <= window.End; t++)
        {
            int g = sampler.MicroBatches(t);
            float scale = (float)(1.0 / (sampler.WorldSize * g)); // the runner's scale
            float lr = (float)_run.LrTimeline.At(new Step(t));
            long epoch = t / _run.Setup.Geometry.UpdatesPerEpoch;   // 0-based, as the samplers count epochs
            for (long r = 0; r < sampler.WorldSize; r++)
            {
                for (int m = 0; m < g; m++)
                {
                    int n = sampler.Rows(t, r, m, rows);
                    _run.Model.RowWeights(rows.AsSpan(0, n), scale, weights);
                    for (int i = 0; i < n; i++) yield return new BatchRow(t, epoch, r, m, rows[i], _sourceRows[(int)rows[i]], weights[i], lr);
                }
            }
        }
    }
}
