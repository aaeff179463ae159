namespace Stepwise.Analysis.Influence;

/// <summary>
/// The influence of every training sample over one window [a, b] of updates: Scores[j] = I_j, the linearized change of
/// the query loss at <see cref="MeasuredAt"/> when sample j (train-split row) is removed from the window's updates only,
/// L_query(θ without j) − L_query(θ). Positive: removing j would raise the query loss (j helped); negative: j hurt. A
/// sample in no update of the window scores exactly 0 (<see cref="Occurrences"/>[j] = 0).
/// </summary>
public sealed class WindowInfluence
{
    /// <summary>Creates a result; the arrays are kept, not copied.</summary>
    public WindowInfluence(StepWindow window, Step measuredAt, double queryLoss, double[] scores, int[] occurrences)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(occurrences);
        if (scores.Length != occurrences.Length) throw new ArgumentException("one occurrence count per score");
        Window = window;
        MeasuredAt = measuredAt;
        QueryLoss = queryLoss;
        Scores = scores;
        Occurrences = occurrences;
    }

    /// <summary>The window of updates (inclusive).</summary>
    public StepWindow Window { get; }

    /// <summary>The state the query loss is measured at (b + 1, or T).</summary>
    public Step MeasuredAt { get; }

    /// <summary>L_query at <see cref="MeasuredAt"/> (mean data loss, nats).</summary>
    public double QueryLoss { get; }

    /// <summary>I_j for every train-split row j (nats of query loss).</summary>
    public IReadOnlyList<double> Scores { get; }

    /// <summary>How many times each train-split row was read by the window's updates (repeats from padding counted).</summary>
    public IReadOnlyList<int> Occurrences { get; }

    /// <summary>The exact leave-one-out check of some samples, or null.</summary>
    public Verification? Verification { get; init; }

    /// <summary>This result with <paramref name="check"/> (the score arrays are shared).</summary>
    public WindowInfluence WithVerification(Verification check) =>
        new(Window, MeasuredAt, QueryLoss, (double[])Scores, (int[])Occurrences) { Verification = check };
}
