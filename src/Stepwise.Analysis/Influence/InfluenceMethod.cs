namespace Stepwise.Analysis.Influence;

/// <summary>How <see cref="InfluenceEstimator"/> scores a window's samples (docs/influence.md). Both use the same sign:
/// positive = j helped the query, negative = j hurt it.</summary>
public enum InfluenceMethod
{
    /// <summary>Time-windowed influence: the adjoint recursion over the window with the run's optimizer and exact
    /// Hessian-vector products, the query measured after the window (or at T): what removing j from the window's updates
    /// changes, to first order, including the effect carried through every later update of the window.</summary>
    Tim,

    /// <summary>TracIn (Pruthi et al. 2020), first order: I_j = Σ_{t ∈ [a, b]} η_t·w_{t,j}·⟨∇L_query(θ_t), ∇ℓ_j(θ_t)⟩
    /// over every occurrence of j in the window's updates, the query gradient taken at each update's own state θ_t; no
    /// propagation through later updates (TIM with H ≡ 0, plain SGD's step, and the query re-evaluated at each update).</summary>
    TracIn,
}
