using Stepwise.Training.Models;

namespace Stepwise.Training.Loop;

/// <summary>What the trainer reports while it runs (progress display, logs). Calls come from the training thread;
/// implementations must be cheap (the trainer calls <see cref="Step"/> after every update).</summary>
public interface ITrainObserver
{
    /// <summary>The run starts (or resumes) at <paramref name="step"/> of <paramref name="total"/>.</summary>
    void Started(long step, long total, string runDirectory);

    /// <summary>State <paramref name="step"/> was reached; <paramref name="loss"/> is the loss of the update that led to it.</summary>
    void Step(long step, long epoch, double loss, double lr);

    /// <summary>Epoch <paramref name="epoch"/> (1-based) ended at state <paramref name="step"/>.</summary>
    void EpochEnded(long epoch, long step) { }

    /// <summary>Stage window <paramref name="stage"/> (1-based) ended: its last update led to state <paramref name="step"/>.</summary>
    void WindowEnded(int stage, long step) { }

    /// <summary>An evaluation of <paramref name="split"/> (<paramref name="rows"/> rows) begins at <paramref name="step"/>.</summary>
    void Evaluating(long step, string split, long rows) { }

    /// <summary>The evaluation under way has done <paramref name="rowsDone"/> of <paramref name="rows"/> rows.</summary>
    void EvaluationProgress(long rowsDone, long rows) { }

    /// <summary>Evaluations at <paramref name="step"/>.</summary>
    void Evaluated(long step, IReadOnlyList<EvalMetrics> metrics);

    /// <summary>A checkpoint was written.</summary>
    void Saved(long step, string path, double seconds);

    /// <summary>A one-line diagnostic worth showing (warnings, resume decisions); also in train.log.</summary>
    void Message(string line);

    /// <summary>A routine one-line note (retention deleting a checkpoint, …); in train.log, shown only in plain-line mode.</summary>
    void Detail(string line) { }
}
