namespace Stepwise.Training.Replay;

/// <summary>What a <see cref="SegmentReplay"/> keeps of each update besides the state before it, its rows, weights and
/// rate (always kept).</summary>
[Flags]
public enum ReplayCapture
{
    /// <summary>Nothing more.</summary>
    None = 0,

    /// <summary>The update's gradient as the optimizer received it (float32: data terms and L2 term).</summary>
    Gradient = 1,

    /// <summary>The optimizer's state after the update (its moment buffers).</summary>
    OptimizerState = 2,
}
