using Stepwise.Training.Models;

namespace Stepwise.Analysis.Influence;

/// <summary>How <see cref="InfluenceEstimator"/> measures (docs/influence.md).</summary>
public sealed record InfluenceOptions
{
    /// <summary>The scoring method (default <see cref="InfluenceMethod.Tim"/>).</summary>
    public InfluenceMethod Method { get; init; } = InfluenceMethod.Tim;

    /// <summary>The split whose mean data loss is the query (default <c>val</c>).</summary>
    public string Query { get; init; } = "val";

    /// <summary>Where the query loss is measured: after each window, or at the final state T (TIM only: TracIn takes the
    /// query gradient at each update's own state, and reports the query loss after the window).</summary>
    public MeasureAt MeasureAt { get; init; } = MeasureAt.WindowEnd;

    /// <summary>K, updates per replay segment, or null for the default: the plan's <c>influence.segment</c> when the
    /// run recorded, else ⌈√(the longest window's length)⌉, raised to the longest window's length (in multiples of the
    /// recording segment) as far as K kept states fit in <see cref="SegmentBytes"/>. Scores do not depend on it.</summary>
    public long? Segment { get; init; }

    /// <summary>The memory the default K may give the states of one segment (bytes; default 256 MiB): fewer, longer
    /// segments load fewer checkpoints, which is most of the replay's cost for small models.</summary>
    public long SegmentBytes { get; init; } = 256L << 20;

    /// <summary>The precision of the per-sample products and Hessian-vector products (sums are float64 either way).</summary>
    public CurvaturePrecision Precision { get; init; } = CurvaturePrecision.Float32;

    /// <summary>Rows per batch when the query gradient is computed (default 256).</summary>
    public int QueryBatch { get; init; } = 256;

    /// <summary>Samples per window checked by exact leave-one-out retraining (0: none).</summary>
    public int Verify { get; init; }
}
