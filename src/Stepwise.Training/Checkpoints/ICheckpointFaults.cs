namespace Stepwise.Training.Checkpoints;

/// <summary>
/// Test hooks called by <see cref="CheckpointStore.Save"/> at the points where a real fault could strike: throw an
/// <see cref="IOException"/> to simulate a failed write, sleep to widen a window for a kill, or corrupt the temporary
/// folder. Production code passes none.
/// </summary>
public interface ICheckpointFaults
{
    /// <summary>Called before each file (the marker last) is created in the temporary folder <paramref name="tempDir"/>.</summary>
    void BeforeFile(string tempDir, string fileName);

    /// <summary>Called after the temporary folder is complete and synced, before it is renamed to <paramref name="target"/>.</summary>
    void BeforeRename(string tempDir, string target);
}
