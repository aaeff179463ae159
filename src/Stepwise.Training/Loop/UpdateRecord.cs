namespace Stepwise.Training.Loop;

/// <summary>
/// What one optimizer update did, for <see cref="IUpdateHook"/>s: its index t (it took state t to t+1), the learning
/// rate it applied, its loss, every train row it read with that row's weight in the update's objective, and read-only
/// views of the parameters and optimizer state after it. Nothing here is copied or allocated.
/// </summary>
/// <remarks>
/// The update's data objective is Σᵣ Σⱼ <see cref="GradientWeights"/>[r]·ℓ(<see cref="Rows"/>[r]) over the rows, where
/// ℓ is a row's mean loss over its counted targets (docs/engine.md); the optimizer stepped along its gradient plus the
/// model's L2 term and the optimizer's weight decay. A row that occurs twice (DDP padding) appears twice. A row excluded
/// by a <see cref="Setup.RowExclusion"/> has weight 0. Rows are ordered rank by rank, micro-batch by micro-batch;
/// <see cref="MicroBatchEnds"/> gives each micro-batch's end offset in that order.
/// </remarks>
public readonly ref struct UpdateRecord
{
    /// <summary>Creates a record over the runner's buffers.</summary>
    public UpdateRecord(Step update, float learningRate, double loss, ReadOnlySpan<long> rows, ReadOnlySpan<float> gradientWeights,
        ReadOnlySpan<int> microBatchEnds, int ranks, ReadOnlySpan<float> parameters, ReadOnlySpan<float> optimizerState,
        ReadOnlySpan<float> rowLosses, ReadOnlySpan<float> rowCorrect)
    {
        RowLosses = rowLosses;
        RowCorrect = rowCorrect;
        Update = update;
        LearningRate = learningRate;
        Loss = loss;
        Rows = rows;
        GradientWeights = gradientWeights;
        MicroBatchEnds = microBatchEnds;
        Ranks = ranks;
        Parameters = parameters;
        OptimizerState = optimizerState;
    }

    /// <summary>The update's index t, which is also the state it started from.</summary>
    public Step Update { get; }

    /// <summary>The state the update led to, t + 1.</summary>
    public Step After => Update + new StepCount(1);

    /// <summary>The learning rate the optimizer applied (float32, as used).</summary>
    public float LearningRate { get; }

    /// <summary>The update's loss as logged: Σ weights × row losses plus the L2 term (the quantity whose gradient was applied).</summary>
    public double Loss { get; }

    /// <summary>Every train row the update read (0-based train-split indices), rank-major, micro-batch by micro-batch.</summary>
    public ReadOnlySpan<long> Rows { get; }

    /// <summary>Each row's weight in the update's objective (scale × the row's share of its micro-batch's mean; 0 when excluded).</summary>
    public ReadOnlySpan<float> GradientWeights { get; }

    /// <summary>The exclusive end offset in <see cref="Rows"/> of each micro-batch (ranks × micro-batches entries).</summary>
    public ReadOnlySpan<int> MicroBatchEnds { get; }

    /// <summary>Each row's mean loss ℓᵢ in the training forward pass (before the update), in <see cref="Rows"/> order.</summary>
    public ReadOnlySpan<float> RowLosses { get; }

    /// <summary>Each row's share of counted targets the training forward pass predicted right (argmax; 0 or 1 for a
    /// tabular row), in <see cref="Rows"/> order.</summary>
    public ReadOnlySpan<float> RowCorrect { get; }

    /// <summary>Ranks W simulated in this process.</summary>
    public int Ranks { get; }

    /// <summary>The parameters after the update (the model's flat buffer).</summary>
    public ReadOnlySpan<float> Parameters { get; }

    /// <summary>The optimizer's state after the update (moment buffers, in its layout).</summary>
    public ReadOnlySpan<float> OptimizerState { get; }
}
