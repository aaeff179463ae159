using Stepwise.Planning;

namespace Stepwise.Analysis.Influence;

/// <summary>What <see cref="InfluenceAnalysis.Run"/> found: the windows asked for and those finished (all of them
/// unless <see cref="Stopped"/>), with what reports print beside the scores.</summary>
public sealed class InfluenceReport
{
    internal InfluenceReport(Plan plan, IReadOnlyList<StepWindow> windows, long? stages, InfluenceOptions options, long segment,
        IReadOnlyList<WindowInfluence> results, TrainSamples samples, int top, string? stopReason, long replayed, long resumedWindows)
    {
        Plan = plan;
        Windows = windows;
        Stages = stages;
        Options = options;
        Segment = segment;
        Results = results;
        Samples = samples;
        StopReason = stopReason;
        ReplayedUpdates = replayed;
        ResumedWindows = resumedWindows;
        Summaries = results.Select(r => WindowSummary.Of(r, samples, top)).ToList();
    }

    /// <summary>The sign rule every output states.</summary>
    public const string SignRule = "influence I_j = L_query(sample j removed from the window's updates) − L_query(as trained), linearized: positive = removing j would raise the query loss (j helped), negative = j hurt";

    /// <summary>The run's plan (geometry, T).</summary>
    public Plan Plan { get; }

    /// <summary>The windows asked for, in order.</summary>
    public IReadOnlyList<StepWindow> Windows { get; }

    /// <summary>K when the windows are the plan's K stages, else null.</summary>
    public long? Stages { get; }

    /// <summary>How it was measured.</summary>
    public InfluenceOptions Options { get; }

    /// <summary>K, updates per replay segment.</summary>
    public long Segment { get; }

    /// <summary>The finished windows, in the order asked (when stopped, those finished before the stop).</summary>
    public IReadOnlyList<WindowInfluence> Results { get; }

    /// <summary>One summary per result.</summary>
    public IReadOnlyList<WindowSummary> Summaries { get; }

    /// <summary>The training samples.</summary>
    public TrainSamples Samples { get; }

    /// <summary>Whether a signal or time limit stopped the analysis before every window was finished.</summary>
    public bool Stopped => StopReason is not null;

    /// <summary>Why it stopped, or null.</summary>
    public string? StopReason { get; }

    /// <summary>Updates replayed (cost).</summary>
    public long ReplayedUpdates { get; }

    /// <summary>Windows taken from the progress file of an earlier, stopped analysis.</summary>
    public long ResumedWindows { get; }
}
