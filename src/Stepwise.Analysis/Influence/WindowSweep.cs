using System.Runtime.CompilerServices;
using Stepwise.Training.Replay;

namespace Stepwise.Analysis.Influence;

/// <summary>What a backward walk over a window's replayed updates does at each update: scores the rows it read into
/// every open window containing it, and closes the windows that start there. Subclasses say how a row's score at an
/// update is found (<see cref="AdjointSweep"/>, <see cref="TracInSweep"/>); the bookkeeping of windows is here.</summary>
internal abstract class WindowSweep
{
    private readonly List<(StepWindow Window, double[] Scores, int[] Occurrences)> _open;
    private readonly (StepWindow Window, double[] Scores, int[] Occurrences)[] _containing;
    private int _inside;

    protected WindowSweep(IEnumerable<(StepWindow Window, double[] Scores, int[] Occurrences)> open)
    {
        _open = [.. open];
        _containing = new (StepWindow, double[], int[])[_open.Count];
    }

    /// <summary>Windows still being scored (those whose start the sweep has not passed).</summary>
    public IReadOnlyList<(StepWindow Window, double[] Scores, int[] Occurrences)> Open => _open;

    /// <summary>Visits update <paramref name="u"/>; adds the windows it completes (those starting at u) to <paramref name="completed"/>.</summary>
    public void Visit(ReplayedUpdate u, List<(StepWindow Window, double[] Scores, int[] Occurrences)> completed)
    {
        long t = u.Update.Value;
        _inside = 0;
        foreach (var w in _open) if (w.Window.Contains(t)) _containing[_inside++] = w;
        Score(u, _inside > 0);
        for (int k = _open.Count - 1; k >= 0; k--)
        {
            if (_open[k].Window.Start != t) continue;
            completed.Add(_open[k]);
            _open.RemoveAt(k);
        }
    }

    /// <summary>Scores update <paramref name="u"/>'s rows through <see cref="Add"/>; <paramref name="inside"/> says
    /// whether any open window contains it.</summary>
    protected abstract void Score(ReplayedUpdate u, bool inside);

    /// <summary>For the rows of one micro-batch (<paramref name="rows"/> with their <paramref name="weights"/>): adds
    /// (factor·wᵢ)·dotᵢ to each row's score in every open window containing the update, and counts the occurrence.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected void Add(ReadOnlySpan<long> rows, ReadOnlySpan<float> weights, ReadOnlySpan<double> dots, double factor)
    {
        for (int k = 0; k < _inside; k++)
        {
            var (_, scores, occurrences) = _containing[k];
            for (int i = 0; i < rows.Length; i++)
            {
                long row = rows[i];
                scores[row] += factor * weights[i] * dots[i];
                occurrences[row]++;
            }
        }
    }
}
