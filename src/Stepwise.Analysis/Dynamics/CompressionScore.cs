namespace Stepwise.Analysis.Dynamics;

/// <summary>Which compression score an analysis uses (<see cref="Compression"/>).</summary>
public enum CompressionScore
{
    /// <summary>Seed 002's −ln(S + ε): scale-dependent.</summary>
    Absolute,
    /// <summary>ln((V + ε)/(S + ε)): the same neighbourhood's spread at ℓ over its spread at ℓ + 1.</summary>
    ScaleFree,
}
