using System.Runtime.CompilerServices;
using Stepwise.Training.Models;
using Stepwise.Training.Replay;

namespace Stepwise.Analysis.Influence;

/// <summary>
/// TracIn over the visited updates (<see cref="InfluenceMethod.TracIn"/>): at update t, the query split's gradient at
/// θ_t becomes the direction, and the same one forward pass per micro-batch that TIM uses gives every row's
/// ⟨∇L_query(θ_t), ∇ℓ(θ_t)⟩; each occurrence of j adds η_t·w·dot to every open window containing t. No Hessian product,
/// no adjoint: nothing is carried to earlier updates. No allocation per update.
/// </summary>
internal sealed class TracInSweep : WindowSweep
{
    private readonly IModelCurvature _curvature;
    private readonly string _query;
    private readonly int _queryBatch;
    private readonly double[] _direction, _dots;

    public TracInSweep(IModelCurvature curvature, string query, int queryBatch, int maxBatch,
        IEnumerable<(StepWindow Window, double[] Scores, int[] Occurrences)> open) : base(open)
    {
        _curvature = curvature;
        _query = query;
        _queryBatch = queryBatch;
        _direction = new double[curvature.Dimension];
        _dots = new double[maxBatch];
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Score(ReplayedUpdate u, bool inside)
    {
        if (!inside) return;
        _curvature.SetParameters(u.Before);
        _curvature.SplitGradient(_query, _queryBatch, _direction);
        _curvature.SetDirection(_direction);
        double eta = u.LearningRate;
        ReadOnlySpan<long> rows = u.Rows;
        ReadOnlySpan<float> weights = u.GradientWeights;
        int start = 0;
        foreach (int end in u.MicroBatchEnds)
        {
            int n = end - start;
            _curvature.MicroBatch(rows.Slice(start, n), weights.Slice(start, n), _dots, hessian: false);
            Add(rows.Slice(start, n), weights.Slice(start, n), _dots.AsSpan(0, n), eta);
            start = end;
        }
    }
}
