using System.Runtime.CompilerServices;
using Stepwise.Training.Models;
using Stepwise.Training.Replay;

namespace Stepwise.Analysis.Influence;

/// <summary>
/// The backward recursion over the visited updates: for update t (from the last down), the optimizer's adjoint gives
/// the combined vector c_t; each micro-batch's one forward pass gives every row's ⟨c_t, ∇ℓ(θ_t)⟩ (scored −w·dot into
/// every open window containing t) and its share of H_t·c_t, which (with the L2 term) is added straight into θ's
/// adjoint; the optimizer then finishes the adjoint of state t. The lowest update of the sweep skips the Hessian
/// product (nothing is propagated below it). No allocation per update.
/// </summary>
internal sealed class AdjointSweep : WindowSweep
{
    private readonly IModelCurvature _curvature;
    private readonly OptimizerAdjoint _adjoint;
    private readonly long _lowest;
    private readonly double[] _c, _dots;

    public AdjointSweep(IModelCurvature curvature, OptimizerAdjoint adjoint, long lowest, int maxBatch,
        IEnumerable<(StepWindow Window, double[] Scores, int[] Occurrences)> open) : base(open)
    {
        _curvature = curvature;
        _adjoint = adjoint;
        _lowest = lowest;
        _c = new double[curvature.Dimension];
        _dots = new double[maxBatch];
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Score(ReplayedUpdate u, bool inside)
    {
        long t = u.Update.Value;
        _adjoint.Combine(u, _c);
        _curvature.SetParameters(u.Before);
        _curvature.SetDirection(_c);
        bool propagate = t > _lowest;
        ReadOnlySpan<long> rows = u.Rows;
        ReadOnlySpan<float> weights = u.GradientWeights;
        int start = 0;
        foreach (int end in u.MicroBatchEnds)
        {
            int n = end - start;
            _curvature.MicroBatch(rows.Slice(start, n), weights.Slice(start, n), _dots, propagate);
            Add(rows.Slice(start, n), weights.Slice(start, n), _dots.AsSpan(0, n), -1);   // −w·dot: (−w)·dot, exactly −(w·dot)
            start = end;
        }
        if (propagate)
        {
            _curvature.AddHessianProduct(_adjoint.Theta, regularizer: true);
            _adjoint.Finish(u, _c);
        }
    }
}
