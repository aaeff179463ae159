namespace Stepwise.Engine.Kernels;

/// <summary>The SGEMM microkernel family: register tile (MR × NR) and the cache blocking that goes with it.</summary>
internal enum GemmIsa
{
    /// <summary>Portable scalar code, 4 × 4 tiles.</summary>
    Scalar,

    /// <summary>Vector256 with FMA, 6 × 16 tiles.</summary>
    Avx2,

    /// <summary>Vector512 with FMA, 12 × 32 tiles.</summary>
    Avx512,
}
