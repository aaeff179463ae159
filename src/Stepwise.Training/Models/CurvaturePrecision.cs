namespace Stepwise.Training.Models;

/// <summary>The arithmetic of an <see cref="IModelCurvature"/>: the products run in this precision on a copy of the
/// model; the caller's vectors and every sum over rows and updates stay float64.</summary>
public enum CurvaturePrecision
{
    /// <summary>float32 on the engine's GEMM kernels (as training): relative error ≈ 1e-6 per product, independent of
    /// the vectors' size (no finite differences), and results that do not depend on the thread count.</summary>
    Float32,

    /// <summary>float64 on the reference loops: ≈ 1e-15 relative, several times slower; the reference for tests.</summary>
    Float64,
}
