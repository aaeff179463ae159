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
internal sealed class TracInSweep : IWindowSweep
{
    private readonly IModelCurvature _curvature;
    private readonly string _query;
    private readonly int _queryBatch;
    private readonly double[] _direction, _dots;
    private readonly List<(StepWindow Window, double[] Scores, int[] Occurrences)> _open;
    private readonly (StepWindow Window, double[] Scores, int[] Occurrences)[] _containing;

    public TracInSweep(IModelCurvature curvature, string query, int queryBatch, int maxBatch,
        IEnumerable<(StepWindow Window, double[] Scores, int[] Occurrences)> open)
    {
        _curvature = curvature;
        _query = query;
        _queryBatch = queryBatch;
        _direction = new double[curvature.Dimension];
        _dots = new double[maxBatch];
        _open = [.. open];
        _containing = new (StepWindow, double[], int[])[_open.Count];
    }

    public IReadOnlyList<(StepWindow Window, double[] Scores, int[] Occurrences)> Open => _open;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Visit(ReplayedUpdate u, List<(StepWindow Window, double[] Scores, int[] Occurrences)> completed)
    {
        long t = u.Update.Value;
        int inside = 0;
        foreach (var w in _open) if (w.Window.Contains(t)) _containing[inside++] = w;
        if (inside > 0)
        {
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
                for (int k = 0; k < inside; k++)
                {
                    var (_, scores, occurrences) = _containing[k];
                    for (int i = 0; i < n; i++)
                    {
                        long row = rows[start + i];
                        scores[row] += eta * weights[start + i] * _dots[i];
                        occurrences[row]++;
                    }
                }
                start = end;
            }
        }
        for (int k = _open.Count - 1; k >= 0; k--)
        {
            if (_open[k].Window.Start != t) continue;
            completed.Add(_open[k]);
            _open.RemoveAt(k);
        }
    }
}
