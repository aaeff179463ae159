namespace Stepwise.Analysis.Pruning;

/// <summary>What a pruning experiment reports while it runs (stderr for the CLI). Calls come from the experiment's thread.</summary>
public interface IPruneObserver
{
    /// <summary>A job starts.</summary>
    void Progress(PruneProgress progress);

    /// <summary>A one-line diagnostic (a run resumed, a warning of the trainer or the replay).</summary>
    void Message(string line);
}
