namespace Stepwise;

/// <summary>How an <see cref="EpochGeometry"/> got its updates per epoch.</summary>
public enum GeometryKind
{
    /// <summary>From a map-style dataset: train size, batch, accumulation, world size, drop_last (PyTorch + HF Trainer rules).</summary>
    Dataset,
    /// <summary>A fixed number of updates per epoch (iterable or patch datasets; seed 003's <c>train_iterations_per_epoch</c>).</summary>
    FixedSteps,
    /// <summary>A number of samples per epoch (or records × samples per record), rounded up to whole updates.</summary>
    FixedSamples,
    /// <summary>A desired epoch duration divided by the time per step, rounded down.</summary>
    EpochTime,
}
