using Stepwise.Training.Replay;

namespace Stepwise.Analysis.Influence;

/// <summary>What a backward walk over a window's replayed updates does at each update: scores the rows it read into
/// every open window containing it, and closes the windows that start there.</summary>
internal interface IWindowSweep
{
    /// <summary>Windows still being scored (those whose start the sweep has not passed).</summary>
    IReadOnlyList<(StepWindow Window, double[] Scores, int[] Occurrences)> Open { get; }

    /// <summary>Visits update <paramref name="u"/>; adds the windows it completes (those starting at u) to <paramref name="completed"/>.</summary>
    void Visit(ReplayedUpdate u, List<(StepWindow Window, double[] Scores, int[] Occurrences)> completed);
}
