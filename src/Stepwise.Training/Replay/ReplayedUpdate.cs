using Stepwise.Training.Loop;

namespace Stepwise.Training.Replay;

/// <summary>
/// One update t of a replay, as training performed it: the state θ_t before it, the rate, every row it read with its
/// gradient weight (rank-major, micro-batch by micro-batch, as <see cref="UpdateRecord"/>), and on request its gradient
/// and the optimizer's state after it. Buffers belong to the replay and are reused: valid only during the visit.
/// </summary>
public sealed class ReplayedUpdate
{
    private readonly float[] _before, _gradient, _state;
    private readonly long[] _rows;
    private readonly float[] _weights;
    private readonly int[] _ends;
    private int _rowCount, _batches;

    internal ReplayedUpdate(int parameters, int state, int rows, int batches, ReplayCapture capture)
    {
        _before = new float[parameters];
        _gradient = capture.HasFlag(ReplayCapture.Gradient) ? new float[parameters] : [];
        _state = capture.HasFlag(ReplayCapture.OptimizerState) ? new float[state] : [];
        _rows = new long[rows];
        _weights = new float[rows];
        _ends = new int[batches];
    }

    /// <summary>The update's index t (it took state t to t + 1).</summary>
    public Step Update { get; private set; }

    /// <summary>The learning rate the optimizer applied (float32).</summary>
    public float LearningRate { get; private set; }

    /// <summary>Optimizer steps taken before this update (0 for the run's first: SGD's momentum buffer starts as the
    /// gradient, AdamW's bias corrections use this + 1).</summary>
    public long OptimizerStepsBefore { get; private set; }

    /// <summary>Ranks W.</summary>
    public int Ranks { get; private set; }

    /// <summary>θ_t: the parameters before the update.</summary>
    public ReadOnlySpan<float> Before => _before;

    /// <summary>The gradient the optimizer received (empty unless <see cref="ReplayCapture.Gradient"/>).</summary>
    public ReadOnlySpan<float> Gradient => _gradient;

    /// <summary>The optimizer's state after the update (empty unless <see cref="ReplayCapture.OptimizerState"/>).</summary>
    public ReadOnlySpan<float> OptimizerStateAfter => _state;

    /// <summary>Every train row the update read.</summary>
    public ReadOnlySpan<long> Rows => _rows.AsSpan(0, _rowCount);

    /// <summary>Each row's weight in the update's objective.</summary>
    public ReadOnlySpan<float> GradientWeights => _weights.AsSpan(0, _rowCount);

    /// <summary>The exclusive end offset in <see cref="Rows"/> of each micro-batch.</summary>
    public ReadOnlySpan<int> MicroBatchEnds => _ends.AsSpan(0, _batches);

    internal void CaptureBefore(TrainingRun run)
    {
        Engine.Kernels.VectorKernels.Copy(run.Model.Params, _before);
        OptimizerStepsBefore = run.Optimizer.Steps;
    }

    internal void CaptureAfter(in UpdateRecord record, TrainingRun run)
    {
        Update = record.Update;
        LearningRate = record.LearningRate;
        Ranks = record.Ranks;
        _rowCount = record.Rows.Length;
        _batches = record.MicroBatchEnds.Length;
        record.Rows.CopyTo(_rows);
        record.GradientWeights.CopyTo(_weights);
        record.MicroBatchEnds.CopyTo(_ends);
        if (_gradient.Length > 0) run.Model.Grads.CopyTo(_gradient, 0);
        if (_state.Length > 0) record.OptimizerState.CopyTo(_state);
    }
}
