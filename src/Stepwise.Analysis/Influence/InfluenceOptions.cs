using Stepwise.Training.Models;

namespace Stepwise.Analysis.Influence;

/// <summary>How <see cref="InfluenceEstimator"/> measures (docs/influence.md).</summary>
public sealed record InfluenceOptions
{
    /// <summary>The split whose mean data loss is the query (default <c>val</c>).</summary>
    public string Query { get; init; } = "val";

    /// <summary>Where the query loss is measured: after each window, or at the final state T.</summary>
    public MeasureAt MeasureAt { get; init; } = MeasureAt.WindowEnd;

    /// <summary>K, updates per replay segment, or null: the plan's <c>influence.segment</c> when the run recorded, else
    /// ⌈√(the longest window's length)⌉. Scores do not depend on it.</summary>
    public long? Segment { get; init; }

    /// <summary>The precision of the per-sample products and Hessian-vector products (sums are float64 either way).</summary>
    public CurvaturePrecision Precision { get; init; } = CurvaturePrecision.Float32;

    /// <summary>Rows per batch when the query gradient is computed (default 256).</summary>
    public int QueryBatch { get; init; } = 256;

    /// <summary>Samples per window checked by exact leave-one-out retraining (0: none).</summary>
    public int Verify { get; init; }
}
