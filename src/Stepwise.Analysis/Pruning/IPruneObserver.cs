namespace Stepwise.Analysis.Pruning;

/// <summary>What a pruning experiment reports while it runs (stderr for the CLI). Calls come from the experiment's thread.</summary>
public interface IPruneObserver
{
    /// <summary>A job starts.</summary>
    void Progress(PruneProgress progress);

    /// <summary>Stage window <paramref name="stage"/> (1-based) of <paramref name="stages"/> was scored by
    /// <paramref name="method"/> in repeat <paramref name="repeat"/> (and kept: a resumed experiment does not score it again).</summary>
    void Scored(int repeat, PruneMethod method, int stage, long stages) { }

    /// <summary>A one-line diagnostic (a run resumed, a warning of the trainer or the replay).</summary>
    void Message(string line);
}
